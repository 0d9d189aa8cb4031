#!/usr/bin/env node
// Generates (or regenerates) the diagram (BPMN DI) of BPMN models.
//
// Usage: node scripts/layout-model.mjs <file.bpmn> [<file.bpmn> ...]
//
// Each file is read, its process is laid out with bpmn-auto-layout and the
// result is written back in place. Any existing, possibly stale, diagram is
// discarded and redrawn. The semantic part of the model, including camunda:*
// attributes and extensionElements, is kept as it is.
//
// Notes:
// - Sub-processes (embedded and event sub-processes) are drawn expanded,
//   with their content inside them. bpmn-auto-layout 1.2+/1.3 would otherwise
//   draw the content of a collapsed sub-process on the main diagram, on top
//   of the process' own elements.
// - Only models with a single process and no collaboration (pools, message
//   flows) are supported; bpmn-auto-layout lays out the first process only.
// - Labels get no explicit position; modelers place them by default.

import { readFile, writeFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';

const USAGE = 'Usage: node scripts/layout-model.mjs <file.bpmn> [<file.bpmn> ...]';

/**
 * Returns the XML to hand to bpmn-auto-layout: the model with a stub diagram
 * that marks every sub-process as expanded (the layouter reads isExpanded
 * from existing DI before it throws the old DI away).
 */
async function prepare(xml, file) {
  const moddle = new BpmnModdle();
  const { rootElement: definitions, warnings } = await moddle.fromXML(xml);

  for (const warning of warnings) {
    console.warn(`${file}: warning: ${warning.message.split('\n')[0]}`);
  }

  const rootElements = definitions.get('rootElements');
  const processes = rootElements.filter(element => element.$instanceOf('bpmn:Process'));

  if (rootElements.some(element => element.$instanceOf('bpmn:Collaboration'))) {
    throw new Error('collaborations (pools, message flows) are not supported by the auto layout');
  }

  if (processes.length !== 1) {
    throw new Error(`expected exactly one <bpmn:process>, found ${processes.length}`);
  }

  const [ process ] = processes;

  const subProcesses = [];
  (function collect(container) {
    for (const flowElement of container.get('flowElements')) {
      if (flowElement.$instanceOf('bpmn:SubProcess')) {
        subProcesses.push(flowElement);
        collect(flowElement);
      }
    }
  })(process);

  const shapes = subProcesses.map(subProcess => moddle.create('bpmndi:BPMNShape', {
    id: `${subProcess.id}_di`,
    bpmnElement: subProcess,
    isExpanded: true,
    bounds: moddle.create('dc:Bounds', { x: 0, y: 0, width: 350, height: 200 })
  }));

  const plane = moddle.create('bpmndi:BPMNPlane', {
    id: `BPMNPlane_${process.id}`,
    bpmnElement: process,
    planeElement: shapes
  });

  definitions.set('diagrams', [
    moddle.create('bpmndi:BPMNDiagram', { id: `BPMNDiagram_${process.id}`, plane })
  ]);

  return (await moddle.toXML(definitions)).xml;
}

async function layoutFile(file) {
  const xml = await readFile(file, 'utf8');
  const laidOut = await layoutProcess(await prepare(xml, file));

  await writeFile(file, laidOut.endsWith('\n') ? laidOut : `${laidOut}\n`, 'utf8');
}

const files = process.argv.slice(2);

if (files.includes('-h') || files.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}

if (files.length === 0) {
  console.error(USAGE);
  process.exit(2);
}

let failed = 0;

for (const file of files) {
  try {
    await layoutFile(file);
    console.log(`laid out ${file}`);
  } catch (error) {
    failed++;
    console.error(`${file}: layout failed: ${error?.message ?? error}`);
  }
}

process.exit(failed ? 1 : 0);
