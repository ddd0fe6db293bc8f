/* Draws every chart on the page (cms/includes/chart.html) with Apache ECharts, shipped with the
   site (cms/vendor/echarts). Each chart's data is a json_script element named by the
   container's data-chart attribute. Charts follow their container's width (phone or desktop),
   honour prefers-reduced-motion, and use the system's Chinese fonts. No eval, no inline
   script: the page's Content-Security-Policy holds. */
(function () {
  "use strict";

  var FONTS =
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", ' +
    '"Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif';
  // Tell-apart colours (also for colour-blind readers), dark enough for white text beside them.
  var PALETTE = ["#1f5fa8", "#d07a00", "#23865a", "#b83b35", "#7a4fb3", "#55616b"];

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function read(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function formatter(unit) {
    return function (value) {
      if (value === null || value === undefined) return "–";
      return unit === "%" ? value + "%" : String(value);
    };
  }

  function option(data, container) {
    var style = window.getComputedStyle(container);
    var text = style.color || "#333";
    var faint = "rgba(128, 128, 128, 0.35)";
    var narrow = container.clientWidth < 480;
    var many = data.series.length > 1;
    var base = {
      color: PALETTE,
      animation: !reducedMotion(),
      aria: { enabled: false },
      textStyle: { fontFamily: FONTS, color: text },
      tooltip: {
        trigger: data.kind === "pie" ? "item" : "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: formatter(data.unit),
        confine: true,
        // Drawn on the canvas, not as HTML: names from the database never become markup.
        renderMode: "richText",
      },
    };
    if (data.kind === "pie") {
      var values = data.series[0].values;
      base.legend = { bottom: 0, textStyle: { color: text }, type: "scroll" };
      base.series = [
        {
          type: "pie",
          name: data.series[0].name,
          radius: narrow ? ["30%", "58%"] : ["35%", "65%"],
          center: ["50%", "45%"],
          label: { color: text, formatter: "{b}: {c}" },
          data: data.categories.map(function (name, index) {
            return { name: name, value: values[index] };
          }),
        },
      ];
      return base;
    }
    var category = {
      type: "category",
      data: data.categories,
      axisLabel: { color: text, hideOverlap: true },
      axisLine: { lineStyle: { color: faint } },
    };
    var value = {
      type: "value",
      minInterval: 1,
      axisLabel: { color: text, formatter: data.unit === "%" ? "{value}%" : "{value}" },
      splitLine: { lineStyle: { color: faint } },
    };
    if (data.unit === "%") {
      value.max = 100;
      value.minInterval = 0;
    }
    if (data.horizontal) {
      category.inverse = true; // the first category on top, as in the table
      category.axisLabel.width = Math.max(90, Math.round(container.clientWidth * 0.38));
      category.axisLabel.overflow = "truncate";
      category.axisLabel.interval = 0;
      base.xAxis = value;
      base.yAxis = category;
    } else {
      base.xAxis = category;
      base.yAxis = value;
    }
    base.grid = { left: 8, right: 16, top: many ? 36 : 12, bottom: 8, containLabel: true };
    if (many) base.legend = { top: 0, textStyle: { color: text }, type: "scroll" };
    base.series = data.series.map(function (series) {
      return {
        type: data.kind === "line" ? "line" : "bar",
        name: series.name,
        data: series.values,
        stack: data.kind === "stacked" ? "total" : undefined,
        barMaxWidth: 28,
        emphasis: { focus: "series" },
      };
    });
    return base;
  }

  function height(data) {
    if (!data.horizontal) return 300;
    var perRow = data.kind === "stacked" ? 28 : 14 + 12 * data.series.length;
    return Math.max(200, 70 + data.categories.length * perRow);
  }

  function draw() {
    if (!window.echarts) return;
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (container) {
      var data = read(container.getAttribute("data-chart"));
      if (!data) return;
      container.style.height = height(data) + "px";
      var chart = window.echarts.init(container, null, { renderer: "canvas" });
      chart.setOption(option(data, container));
      container.setAttribute("data-chart-drawn", "true");
      charts.push({ chart: chart, data: data, container: container, width: container.clientWidth });
    });
    function resize() {
      charts.forEach(function (item) {
        var width = item.container.clientWidth;
        if (width === item.width) return;
        item.width = width;
        // Label widths and the pie's size follow the width: set them again, then resize.
        item.chart.setOption(option(item.data, item.container));
        item.chart.resize();
      });
    }
    var pending = null;
    function soon() {
      if (pending) window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(resize);
    }
    window.addEventListener("resize", soon);
    // The admin's side bar opens and closes without the window changing size.
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(soon);
      charts.forEach(function (item) {
        observer.observe(item.container);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
