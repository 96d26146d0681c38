// Supervisor dashboard charts (Chart.js), from the JSON the page embeds.
(function () {
  var node = document.getElementById("chart-data");
  if (!node || !window.Chart) return;
  var data = JSON.parse(node.textContent);
  Chart.defaults.font.size = 14;
  new Chart(document.getElementById("chart-trend"), {
    type: "line",
    data: {
      labels: data.trend.map(function (d) { return d.date.slice(5); }),
      datasets: [
        { label: "受理", data: data.trend.map(function (d) { return d.created; }), borderColor: "#1d4ed8" },
        { label: "答复", data: data.trend.map(function (d) { return d.replied; }), borderColor: "#059669" },
        { label: "归档", data: data.trend.map(function (d) { return d.closed; }), borderColor: "#9ca3af" },
      ],
    },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  var top = data.category.slice(0, 10);
  new Chart(document.getElementById("chart-category"), {
    type: "bar",
    data: {
      labels: top.map(function (d) { return d.label; }),
      datasets: [{ label: "工单数", data: top.map(function (d) { return d.count; }), backgroundColor: "#3b82f6" }],
    },
    options: { animation: false, indexAxis: "y", responsive: true, plugins: { legend: { display: false } } },
  });
})();
