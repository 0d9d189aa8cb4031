/*
 * Cockpit plugin "audit-history": the process history that Community Cockpit does not show, read-only, for auditors.
 *
 * A plain ES module without build step or libraries. Cockpit imports it from
 * /camunda/api/cockpit/plugin/audit-history/static/app/plugin.js and calls render(node, {api}) of each entry below.
 * The data comes from the plugin's REST API (io.orderflow.audit.CockpitHistoryResource) with the user's Cockpit
 * session, so the engine's authorizations decide what is shown.
 *
 *   #/audit-history        finished and running process instances, filterable
 *   #/audit-history/{id}   one instance: activities, user operations, variables, link to the audit timeline
 */

const PLUGIN_ID = "audit-history";
const LIST_PATH = "/audit-history";

function apiUrl(api, path) {
  return `${api.cockpitApi}/plugin/${PLUGIN_ID}/${api.engine}/process-instance${path}`;
}

async function getJson(api, path) {
  const response = await fetch(apiUrl(api, path), {
    credentials: "same-origin",
    headers: { Accept: "application/json", "X-XSRF-TOKEN": api.CSRFToken },
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.message || `${response.status} ${response.statusText}`);
  }
  return response.json();
}

/** Builds an element. Children that are not nodes become text, so no value is ever parsed as HTML. */
function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// the reader's preferred languages, as Cockpit chooses its own (navigator.language may be the browser's build language)
const TIME_FORMAT = new Intl.DateTimeFormat(navigator.languages && navigator.languages.length ? navigator.languages : undefined,
  { dateStyle: "medium", timeStyle: "long" });

/** "2025-03-01T09:30:12.345Z" → the browser's language and time zone, e.g. "01.03.2025, 10:30:12 MEZ" */
function time(iso) {
  return iso ? TIME_FORMAT.format(new Date(iso)) : "";
}

function table(name, columns, rows, emptyText) {
  if (!rows.length) return el("p", { class: "text-muted", "data-table": name }, emptyText);
  return el("table", { class: "table table-striped table-condensed audit-history-table", "data-table": name },
    el("thead", null, el("tr", null, columns.map(([label]) => el("th", null, label)))),
    el("tbody", null, rows.map((row) => el("tr", null, columns.map(([, cell]) => el("td", null, cell(row)))))));
}

function instanceLink(id, text) {
  return el("a", { href: `#${LIST_PATH}/${encodeURIComponent(id)}`, "data-instance-id": id }, text);
}

function failure(error) {
  return el("div", { class: "alert alert-danger" }, `Could not load the history: ${error.message}`);
}

function renderInstanceList(node, { api }) {
  const field = (label, input) => el("div", { class: "form-group" }, el("label", null, label, " "), input, " ");
  const definitionKey = el("input", { type: "text", class: "form-control", name: "processDefinitionKey",
    placeholder: "e.g. order-handoff" });
  const businessKey = el("input", { type: "text", class: "form-control", name: "businessKey" });
  const state = el("select", { class: "form-control", name: "state" },
    el("option", { value: "all" }, "All"),
    el("option", { value: "finished" }, "Finished"),
    el("option", { value: "running" }, "Running"));
  const results = el("div");

  async function load() {
    results.replaceChildren(el("p", null, "Loading…"));
    const query = new URLSearchParams({
      processDefinitionKey: definitionKey.value, businessKey: businessKey.value, state: state.value, maxResults: "100",
    });
    try {
      const instances = await getJson(api, `?${query}`);
      results.replaceChildren(table("instances", [
        ["Business key", (i) => instanceLink(i.id, i.businessKey || i.id)],
        ["Process", (i) => `${i.processDefinitionName || i.processDefinitionKey} (${i.processDefinitionKey})`],
        ["Version", (i) => i.processDefinitionVersion],
        ["State", (i) => i.state],
        ["Started", (i) => time(i.startTime)],
        ["Ended", (i) => time(i.endTime)],
        ["Started by", (i) => i.startedBy || i.startUserId || ""],
      ], instances, "No process instances match."));
    } catch (error) {
      results.replaceChildren(failure(error));
    }
  }

  const form = el("form", { class: "form-inline", onsubmit: (event) => { event.preventDefault(); load(); } },
    field("Process definition key", definitionKey),
    field("Business key", businessKey),
    field("State", state),
    el("button", { type: "submit", class: "btn btn-primary" }, "Search"));
  node.replaceChildren(el("section", { class: "audit-history" },
    el("h2", null, "Process history"),
    el("p", { class: "text-muted" }, "Finished and running process instances, most recently started first (at most 100)."),
    form, results));
  load();
}

async function renderInstanceHistory(node, { api }) {
  const match = window.location.hash.match(/^#\/audit-history\/([^/?]+)/);
  const id = match ? decodeURIComponent(match[1]) : "";
  const back = el("p", null, el("a", { href: `#${LIST_PATH}` }, "← All process instances"));
  node.replaceChildren(el("section", { class: "audit-history" }, back, el("p", null, "Loading…")));
  let history;
  try {
    history = await getJson(api, `/${encodeURIComponent(id)}`);
  } catch (error) {
    node.replaceChildren(el("section", { class: "audit-history" }, back, failure(error)));
    return;
  }
  const { instance, auditTimeline, activities, operations, variables } = history;
  const summary = [
    ["Process", `${instance.processDefinitionName || instance.processDefinitionKey} (${instance.processDefinitionKey}, version ${instance.processDefinitionVersion})`],
    ["Business key", instance.businessKey || "none"],
    ["Instance id", instance.id],
    ["State", instance.state],
    ["Started", `${time(instance.startTime)} by ${instance.startedBy || instance.startUserId}`],
    ["Ended", time(instance.endTime) || "still running"],
  ];
  node.replaceChildren(el("section", { class: "audit-history" },
    back,
    el("h2", null, `History of ${instance.businessKey || instance.id}`),
    el("dl", { class: "dl-horizontal" }, summary.map(([term, value]) => [el("dt", null, term), el("dd", null, value)])),
    instance.superProcessInstanceId &&
      el("p", null, "Called by ", instanceLink(instance.superProcessInstanceId, instance.superProcessInstanceId)),
    auditTimeline &&
      el("p", null, el("a", { href: auditTimeline, class: "btn btn-default audit-timeline-link", target: "_blank",
        rel: "noopener" }, "Audit timeline")),
    el("h3", null, "Activities"),
    table("activities", [
      ["Activity", (a) => a.activityName || a.activityId],
      ["Type", (a) => a.activityType],
      ["Started", (a) => time(a.startTime)],
      ["Ended", (a) => (a.canceled ? `${time(a.endTime)} (cancelled)` : time(a.endTime) || "running")],
      ["Assignee", (a) => a.assignee || ""],
      ["Called instance", (a) => (a.calledProcessInstanceId ? instanceLink(a.calledProcessInstanceId, "history") : "")],
    ], activities, "No activities recorded."),
    el("h3", null, "User operations"),
    table("operations", [
      ["Time", (o) => time(o.timestamp)],
      ["Who", (o) => o.userId || ""],
      ["Operation", (o) => o.operationType],
      ["On", (o) => o.entityType],
      ["Property", (o) => o.property || ""],
      ["Old → new", (o) => (o.property ? `${o.orgValue ?? "–"} → ${o.newValue ?? "–"}` : "")],
    ], operations, "No user operations on this instance."),
    el("h3", null, "Variables"),
    table("variables", [
      ["Name", (v) => v.name],
      ["Type", (v) => v.type],
      ["Value", (v) => el("span", { class: "audit-history-value" }, v.value)],
      ["State", (v) => v.state],
    ], variables, "No variables.")));
}

export default [
  {
    id: "audit-history-navigation",
    pluginPoint: "cockpit.navigation",
    priority: 5,
    properties: {
      label: "History",
      pagePath: `#${LIST_PATH}`,
      checkActive: (url) => url.includes(`#${LIST_PATH}`),
    },
  },
  {
    id: "audit-history-instances",
    pluginPoint: "cockpit.route",
    properties: { path: LIST_PATH, label: "History" },
    render: renderInstanceList,
  },
  {
    id: "audit-history-instance",
    pluginPoint: "cockpit.route",
    properties: { path: `${LIST_PATH}/:id`, label: "History" },
    render: renderInstanceHistory,
  },
];
