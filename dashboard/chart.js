// What the page's charts share: the theme's colours (read from the CSS variables, so the dark theme
// follows) and the look of a panel's small chart.

/** The theme's colours now: text, panel background and grid lines. */
export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  return { fg: css.getPropertyValue("--fg").trim(), bg: css.getPropertyValue("--panel").trim(),
    grid: css.getPropertyValue("--border").trim() };
}

/**
 * Draws (again, in place) a panel's small chart: its title, the theme's colours and a horizontal
 * legend legendY below the plot; layout adds the margins, axes and marks.
 */
export function drawPanelChart(el, traces, title, legendY, layout) {
  const c = themeColors();
  Plotly.react(el, traces, Object.assign({
    title: { text: title, font: { size: 15 } },
    paper_bgcolor: c.bg, plot_bgcolor: c.bg, font: { color: c.fg },
    legend: { orientation: "h", y: legendY, font: { size: 11 } },
  }, layout), { responsive: true, displaylogo: false });
}
