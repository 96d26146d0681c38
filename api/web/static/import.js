// Bulk import: post the rows in chunks, show progress and a result per row.
(function () {
  var box = document.getElementById("import-mapping");
  var start = document.getElementById("import-start");
  if (!box || !start) return;
  var total = parseInt(box.dataset.total, 10);
  var CHUNK = 25;
  var NAMES = { filed: "已登记", duplicate: "重复", error: "未导入" };
  var counts = { filed: 0, duplicate: 0, error: 0 };
  var progress = document.getElementById("import-progress");
  var summary = document.getElementById("import-summary");
  var tbody = document.querySelector("#import-results tbody");

  function mapping() {
    var out = {};
    box.querySelectorAll("select[data-field]").forEach(function (s) {
      out[s.dataset.field] = s.value === "" ? null : parseInt(s.value, 10);
    });
    return out;
  }
  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    return td;
  }
  function show(results) {
    results.forEach(function (r) {
      counts[r.outcome] += 1;
      var tr = document.createElement("tr");
      tr.className = "row-" + r.outcome;
      tr.appendChild(cell(r.row));
      tr.appendChild(cell(NAMES[r.outcome] || r.outcome));
      var td = cell("");
      if (r.ticket_id) {
        var a = document.createElement("a");
        a.href = "/operator/tickets/" + r.ticket_id;
        a.textContent = r.number;
        td.appendChild(a);
      }
      tr.appendChild(td);
      tr.appendChild(cell(r.category_name));
      tr.appendChild(cell(r.department));
      var urgency = cell(r.urgency);
      if (r.urgency === "紧急") urgency.className = "urgent-cell";
      tr.appendChild(urgency);
      tr.appendChild(cell(r.status));
      tr.appendChild(cell(r.registered_at));
      tr.appendChild(cell(r.reason));
      tbody.appendChild(tr);
    });
  }
  function report(done, finished) {
    progress.value = done;
    summary.textContent =
      (finished ? "导入完成：" : "正在导入 " + done + " / " + total + "：") +
      "已登记 " + counts.filed + "，重复 " + counts.duplicate + "，未导入 " + counts.error;
    if (finished) summary.dataset.done = "1";
  }
  async function run() {
    start.disabled = true;
    var map = mapping();
    if (map.text == null) {
      summary.textContent = "请先指定“诉求内容”所在的列";
      start.disabled = false;
      return;
    }
    var locality = box.querySelector("input[name=default_locality]").value;
    for (var at = 0; at < total; at += CHUNK) {
      var body = { csrf: box.dataset.csrf, start: at, count: Math.min(CHUNK, total - at),
                   mapping: map, default_locality: locality };
      var response;
      try {
        response = await fetch("/operator/import/" + box.dataset.token + "/rows", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body), credentials: "same-origin",
        });
      } catch (e) {
        summary.textContent = "网络中断，已处理 " + at + " 行；重新导入同一文件不会重复登记。";
        start.disabled = false;
        return;
      }
      var data = await response.json();
      if (!response.ok) {
        summary.textContent = (data && typeof data.detail === "string") ? data.detail : "导入失败";
        start.disabled = false;
        return;
      }
      show(data.results);
      report(at + data.results.length, false);
    }
    report(total, true);
  }
  start.addEventListener("click", run);
})();
