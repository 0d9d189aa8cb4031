package io.orderflow.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/** A shipped model changed as a modeller would change it: an element added on a flow, an activity renamed. */
final class ModelChange {

    final String processKey;
    final BpmnModelInstance model;

    private ModelChange(String processKey, BpmnModelInstance model) {
        this.processKey = processKey;
        this.model = model;
    }

    static ModelChange ofShipped(String processKey) {
        try (InputStream in = ModelChange.class.getResourceAsStream("/bpmn/" + processKey + ".bpmn")) {
            return new ModelChange(processKey, Bpmn.readModelFromStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A none intermediate throw event (does nothing) placed on the flow, which then ends at it. */
    ModelChange insertNoOpOn(String flowId, String id, String name) {
        SequenceFlow flow = model.getModelElementById(flowId);
        FlowNode next = flow.getTarget();
        ModelElementInstance scope = flow.getParentElement();
        IntermediateThrowEvent noOp = model.newInstance(IntermediateThrowEvent.class, id);
        noOp.setName(name);
        scope.addChildElement(noOp);
        SequenceFlow onward = model.newInstance(SequenceFlow.class, "flow_" + id + "_onward");
        scope.addChildElement(onward);
        next.getIncoming().remove(flow);
        flow.setTarget(noOp);
        noOp.getIncoming().add(flow);
        onward.setSource(noOp);
        onward.setTarget(next);
        noOp.getOutgoing().add(onward);
        next.getIncoming().add(onward);

        BpmnPlane plane = model.getModelElementsByType(BpmnPlane.class).iterator().next();
        Waypoint end = model.getModelElementsByType(BpmnEdge.class).stream()
                .filter(edge -> edge.getBpmnElement() == flow).findFirst().orElseThrow().getWaypoints().stream().reduce((first, last) -> last).orElseThrow();
        BpmnShape shape = model.newInstance(BpmnShape.class, id + "_di");
        shape.setBpmnElement(noOp);
        Bounds bounds = model.newInstance(Bounds.class);
        bounds.setX(end.getX() - 18);
        bounds.setY(end.getY() - 18);
        bounds.setWidth(36);
        bounds.setHeight(36);
        shape.setBounds(bounds);
        plane.addChildElement(shape);
        BpmnEdge edge = model.newInstance(BpmnEdge.class, onward.getId() + "_di");
        edge.setBpmnElement(onward);
        for (int i = 0; i < 2; i++) {
            Waypoint point = model.newInstance(Waypoint.class);
            point.setX(end.getX());
            point.setY(end.getY());
            edge.getWaypoints().add(point);
        }
        plane.addChildElement(edge);
        return this;
    }

    /**
     * The activity gets a new id; what refers to it (its flows' source and target, the boundary events attached to
     * it, its diagram shape) follows. A form reference of the same name is the form's id and stays.
     */
    ModelChange rename(String oldId, String newId) {
        FlowNode node = model.getModelElementById(oldId);
        List<BoundaryEvent> attached = model.getModelElementsByType(BoundaryEvent.class).stream()
                .filter(boundary -> boundary.getAttachedTo() == node).toList();
        List<SequenceFlow> outgoing = List.copyOf(node.getOutgoing());
        List<SequenceFlow> incoming = List.copyOf(node.getIncoming());
        List<BpmnShape> shapes = model.getModelElementsByType(BpmnShape.class).stream()
                .filter(shape -> shape.getBpmnElement() == node).toList();
        node.setId(newId);
        attached.forEach(boundary -> boundary.setAttachedTo((Activity) node));
        outgoing.forEach(flow -> flow.setSource(node));
        incoming.forEach(flow -> flow.setTarget(node));
        shapes.forEach(shape -> shape.setBpmnElement(node));
        Matcher stale = Pattern.compile("(attachedToRef|sourceRef|targetRef|bpmnElement)=\"" + Pattern.quote(oldId) + "\"")
                .matcher(Bpmn.convertToString(model));
        if (stale.find()) {
            throw new IllegalStateException(oldId + " is still referred to after its rename to " + newId + ": " + stale.group());
        }
        return this;
    }
}
