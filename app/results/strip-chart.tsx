/**
 * A small strip chart of one nomination's judges' scores on the common 0-100 scale: each
 * judge a dot, the mean a vertical tick, so a split panel is seen at a glance.
 *
 * Server-rendered SVG, no JavaScript. Its text alternative is part of the SVG: role="img"
 * with an aria-label listing every judge's score and the mean, and the same in <title> and
 * <desc> (shown as a tooltip, and read by tools that prefer them).
 */

export type StripChartPoint = { label: string; value: number };

export type StripChartProps = {
  /** used to make the title and description ids unique on the page */
  id: string;
  /** what is charted, e.g. the nomination's title */
  subject: string;
  points: StripChartPoint[];
  mean: number | null;
  width?: number;
  height?: number;
};

const fmt = (v: number) => (Math.round(v * 10) / 10).toFixed(1).replace(/\.0$/, "");

/** The chart's text alternative: "Judges' scores out of 100 for X: A 81, B 56, C 69; mean 68.7." */
export function stripChartText(subject: string, points: StripChartPoint[], mean: number | null): string {
  if (points.length === 0) return `No judge has scored ${subject} yet.`;
  const list = points.map((p) => `${p.label} ${fmt(p.value)}`).join(", ");
  const spread = points.length > 1 ? `; spread ${fmt(Math.max(...points.map((p) => p.value)) - Math.min(...points.map((p) => p.value)))}` : "";
  return `Judges' scores out of 100 for ${subject}: ${list}${mean === null ? "" : `; mean ${fmt(mean)}`}${spread}.`;
}

export function StripChart({ id, subject, points, mean, width = 260, height = 46 }: StripChartProps) {
  const left = 10;
  const right = width - 10;
  const axisY = height - 16;
  const x = (v: number) => left + (Math.min(100, Math.max(0, v)) / 100) * (right - left);
  const text = stripChartText(subject, points, mean);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  // Dots that would overlap are stacked upwards, so every judge stays visible.
  const placed: { cx: number; cy: number; label: string; value: number }[] = [];
  for (const p of [...points].sort((a, b) => a.value - b.value)) {
    const cx = x(p.value);
    let level = 0;
    while (placed.some((q) => Math.abs(q.cx - cx) < 7 && q.cy === axisY - 7 - level * 7)) level++;
    placed.push({ cx, cy: axisY - 7 - Math.min(level, 3) * 7, label: p.label, value: p.value });
  }

  return (
    <svg className="strip-chart" role="img" aria-label={text} width={width} height={height} viewBox={`0 0 ${width} ${height}`} focusable="false">
      <title id={titleId}>{`Judges' scores for ${subject}`}</title>
      <desc id={descId}>{text}</desc>
      {/* the 0-100 axis with ticks at 0, 25, 50, 75 and 100 */}
      <line x1={left} y1={axisY} x2={right} y2={axisY} stroke="#505a5f" strokeWidth="1" />
      {[0, 25, 50, 75, 100].map((v) => (
        <g key={v}>
          <line x1={x(v)} y1={axisY} x2={x(v)} y2={axisY + 4} stroke="#505a5f" strokeWidth="1" />
          {v % 50 === 0 ? (
            <text x={x(v)} y={height - 2} fontSize="9" textAnchor="middle" fill="#0b0c0c" aria-hidden="true">
              {v}
            </text>
          ) : null}
        </g>
      ))}
      {mean === null ? null : <line x1={x(mean)} y1={axisY - 30} x2={x(mean)} y2={axisY + 2} stroke="#d4351c" strokeWidth="2.5" />}
      {placed.map((p, i) => (
        <circle key={i} cx={p.cx} cy={p.cy} r="4.5" fill="#1d70b8" fillOpacity="0.85" stroke="#0b0c0c" strokeWidth="1" />
      ))}
    </svg>
  );
}
