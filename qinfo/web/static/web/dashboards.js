/* The dashboards' charts (qinfo/web/dashcharts.py, docs/definitions.md §23).
   Apache ECharts (vendored under static/vendor/echarts) draws them; these few lines are our own
   glue: they turn each chart's JSON (json_script) into ECharts options the same way for every
   page, keep the charts fitted to the screen, and save a chart as PNG. Without JavaScript the
   page shows the same numbers in a table, so nothing here is needed to read them.
   Readable without colour: bars carry patterns (ECharts' decals) and their values as labels,
   lines a different marker per series, points their value. */
(function () {
  "use strict";
  if (!window.echarts || !document.querySelector) { return; }

  // The page's Thai font stack (qinfo.css): canvas text does not inherit it.
  var FONT = '"Sarabun", "Noto Sans Thai", "Loma", "Garuda", "Tahoma", "Leelawadee UI", sans-serif';
  var COLOURS = ["#0f5c73", "#c0561b", "#6b4fbb", "#1f7a4d", "#a86400", "#b42318", "#5d6678", "#2452a5"];
  var SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow"];
  var charts = [];

  function fmt(unit) {
    return function (v) {
      if (v === null || v === undefined || isNaN(v)) { return "–"; }
      if (unit === "rate") { return (v * 100).toFixed(1) + "%"; }
      if (unit === "count") { return Math.round(v).toLocaleString(); }
      return Number(v).toFixed(2);
    };
  }

  function narrow() { return window.innerWidth < 560; }

  function cartesian(spec, show) {
    var kind = spec.kind;
    var horizontal = kind === "hbar" || kind === "stacked";
    var many = spec.categories.length > (narrow() ? 8 : 16);
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      inverse: horizontal,
      axisLabel: { width: narrow() ? 96 : 180, overflow: "truncate", interval: horizontal ? 0 : "auto",
        rotate: !horizontal && many ? 40 : 0 },
      boundaryGap: kind !== "line"
    };
    var valueAxis = { type: "value", axisLabel: { formatter: show } };
    if (spec.unit === "rate") { valueAxis.min = 0; if (kind === "stacked") { valueAxis.max = 1; } }
    var series = spec.series.map(function (s, i) {
      var one = { name: s.name, type: kind === "line" ? "line" : "bar", data: s.values };
      if (kind === "line") {
        one.symbol = SYMBOLS[i % SYMBOLS.length];
        one.symbolSize = 9;
        one.connectNulls = false;
        one.label = { show: spec.categories.length <= 8, position: "top", formatter: function (p) { return show(p.value); } };
      } else {
        one.label = { show: !many || horizontal, position: horizontal ? "right" : "top",
          formatter: function (p) { return show(p.value); }, fontSize: 11 };
        if (kind === "stacked") {
          one.stack = "all";
          one.label = { show: true, position: "inside", fontSize: 10,
            formatter: function (p) { return p.value >= 0.08 ? show(p.value) : ""; } };
        }
      }
      return one;
    });
    return {
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: show, confine: true }
    };
  }

  function map(spec, show) {
    var lon = spec.series[0].values, lat = spec.series[1].values, val = spec.series[2].values;
    var known = val.filter(function (v) { return v !== null; });
    var low = Math.min.apply(null, known.length ? known : [0]);
    var high = Math.max.apply(null, known.length ? known : [1]);
    var data = [];
    spec.categories.forEach(function (name, i) {
      if (lon[i] !== null && lat[i] !== null) { data.push({ name: name, value: [lon[i], lat[i], val[i], i] }); }
    });
    function size(v) {
      if (v === null || high === low) { return 14; }
      return 8 + 22 * Math.sqrt((v - low) / (high - low));
    }
    return {
      xAxis: { type: "value", scale: true, name: spec.series[0].name, nameLocation: "middle", nameGap: 26,
        axisLabel: { formatter: function (v) { return v.toFixed(3); } } },
      yAxis: { type: "value", scale: true, name: spec.series[1].name, nameLocation: "middle", nameGap: 44,
        axisLabel: { formatter: function (v) { return v.toFixed(3); } } },
      visualMap: known.length ? { type: "continuous", dimension: 2, min: low, max: high, calculable: false,
        orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, text: [show(high), show(low)],
        inRange: { color: ["#c9e4ec", "#0f5c73"] }, formatter: show } : undefined,
      series: [{ type: "scatter", name: spec.series[2].name, data: data,
        symbolSize: function (v) { return size(v[2]); },
        itemStyle: { borderColor: "#1d2433", borderWidth: 1 },
        label: { show: true, position: "right", fontSize: 11, formatter: function (p) { return show(p.value[2]); } },
        labelLayout: { hideOverlap: true } }],
      tooltip: { trigger: "item", confine: true,
        formatter: function (p) { return p.name + "<br>" + spec.series[2].name + ": " + show(p.value[2]); } }
    };
  }

  function option(spec) {
    var show = fmt(spec.unit);
    var body = spec.kind === "map" ? map(spec, show) : cartesian(spec, show);
    var legend = spec.kind !== "map" && spec.series.length > 1;
    body.textStyle = { fontFamily: FONT };
    body.color = COLOURS;
    body.aria = { enabled: true, decal: { show: spec.kind !== "line" && spec.kind !== "map" } };
    body.animation = false;
    // The title is drawn only into the PNG (the page shows it above the chart).
    body.title = { show: false, text: spec.title, left: "center", textStyle: { fontFamily: FONT, fontSize: 14 } };
    body.legend = legend ? { type: "scroll", bottom: 0, data: spec.series.map(function (s) { return s.name; }) } : { show: false };
    body.grid = { left: 8, right: spec.kind === "map" ? 56 : 36, top: 24,
      bottom: legend || spec.kind === "map" ? 48 : 12, containLabel: true };
    return body;
  }

  function height(spec) {
    var n = spec.categories.length;
    if (spec.kind === "hbar") { return Math.max(220, n * 26 * Math.max(1, spec.series.length * 0.8) + 90); }
    if (spec.kind === "stacked") { return Math.max(200, n * 34 + 100); }
    if (spec.kind === "map") { return narrow() ? 360 : 460; }
    return narrow() ? 280 : 340;
  }

  function draw(box) {
    var script = document.getElementById(box.getAttribute("data-chart"));
    if (!script) { return; }
    var spec = JSON.parse(script.textContent);
    // Many bars side by side do not fit a phone: lay them out horizontally there.
    if (spec.kind === "bar" && narrow() && spec.categories.length * spec.series.length > 24) { spec.kind = "hbar"; }
    var el = box.querySelector(".dash-canvas");
    el.hidden = false;
    el.style.height = height(spec) + "px";
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    chart.on("click", function (p) {
      var i = spec.kind === "map" ? (p.value && p.value[3]) : p.dataIndex;
      var link = spec.links[i];
      if (link && link.charAt(0) === "/") { window.location.href = link; }
    });
    var png = box.querySelector("[data-png]");
    if (png) {
      png.hidden = false;
      png.addEventListener("click", function () {
        chart.setOption({ title: { show: true }, grid: { top: 44 } });
        var url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        chart.setOption({ title: { show: false }, grid: { top: 24 } });
        var a = document.createElement("a");
        a.href = url;
        a.download = spec.id + ".png";
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    }
    var details = box.querySelector(".dash-data");
    if (details) { details.open = false; }
    box.classList.add("is-drawn");
    charts.push(chart);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".dash-chart[data-chart]"), draw);
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
