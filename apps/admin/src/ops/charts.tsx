import { formatSeconds, niceMax } from "./format.ts";
import type { Point } from "./history.ts";

// Two small charts drawn as inline SVG: no library, scales with its container.

const W = 600;
const H = 200;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };
const innerW = W - PAD.left - PAD.right;
const innerH = H - PAD.top - PAD.bottom;

interface LineProps {
  points: readonly Point[];
  now: number;
  windowMs: number;
  title: string;
  unit: string;
}

/** A value over the last few minutes, newest on the right. */
export function LineChart({ points, now, windowMs, title, unit }: LineProps) {
  const visible = points.filter((p) => p.at >= now - windowMs);
  const peak = visible.reduce((m, p) => Math.max(m, p.value), 0);
  const top = niceMax(peak);
  const x = (at: number) => PAD.left + ((at - (now - windowMs)) / windowMs) * innerW;
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const line = visible.map(
    (p, i) => `${i === 0 ? "M" : "L"}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`,
  );
  const first = visible[0];
  const last = visible[visible.length - 1];
  const area =
    first && last
      ? `${line.join(" ")} L${x(last.at).toFixed(1)},${y(0)} L${x(first.at).toFixed(1)},${y(0)} Z`
      : "";
  const minutes = Math.round(windowMs / 60_000);
  // Minutes ago of each axis label, oldest first.
  const ago = Array.from({ length: minutes + 1 }, (_, i) => minutes - i);
  const summary = last
    ? `${title}: now ${last.value.toFixed(2)} ${unit}, peak ${peak.toFixed(2)} ${unit} over the last ${minutes} minutes`
    : `${title}: no data yet`;

  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <g key={f}>
          <line
            className="chart__axis"
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(top * f)}
            y2={y(top * f)}
          />
          <text className="chart__label" x={PAD.left - 6} y={y(top * f) + 4} textAnchor="end">
            {Number((top * f).toFixed(2))}
          </text>
        </g>
      ))}
      {ago.map((m) => (
        <text
          key={m}
          className="chart__label"
          x={x(now - m * 60_000)}
          y={H - 8}
          textAnchor={m === minutes ? "start" : m === 0 ? "end" : "middle"}
        >
          {m === 0 ? "now" : `−${m} min`}
        </text>
      ))}
      {area ? <path className="chart__area" d={area} /> : null}
      {line.length > 0 ? <path className="chart__line" d={line.join(" ")} /> : null}
    </svg>
  );
}

interface Bar {
  le: number;
  count: number;
}

interface BarProps {
  bars: readonly Bar[];
  markers: readonly { label: string; value: number | null }[];
  title: string;
}

function bucketLabel(bars: readonly Bar[], i: number): string {
  const bar = bars[i];
  if (!bar) return "";
  return Number.isFinite(bar.le)
    ? formatSeconds(bar.le)
    : `>${formatSeconds(bars[i - 1]?.le ?? 0)}`;
}

/** How many events fell in each latency bucket (labelled by upper bound), with quantile markers. */
export function HistogramChart({ bars, markers, title }: BarProps) {
  const top = niceMax(bars.reduce((m, b) => Math.max(m, b.count), 0));
  const slot = innerW / Math.max(1, bars.length);
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  // Where a value sits along the bucket axis: inside its bucket, in proportion.
  const xOf = (value: number) => {
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i];
      if (!bar || value > bar.le) continue;
      const lower = bars[i - 1]?.le ?? 0;
      const within =
        Number.isFinite(bar.le) && bar.le > lower ? (value - lower) / (bar.le - lower) : 0;
      return PAD.left + (i + within) * slot;
    }
    return PAD.left + innerW;
  };
  const described = bars.map((b, i) => `${bucketLabel(bars, i)}: ${b.count}`).join(", ");

  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${described}`}>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line
            className="chart__axis"
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(top * f)}
            y2={y(top * f)}
          />
          <text className="chart__label" x={PAD.left - 6} y={y(top * f) + 4} textAnchor="end">
            {Math.round(top * f)}
          </text>
        </g>
      ))}
      {bars.map((b, i) => (
        <g key={b.le}>
          <rect
            className="chart__bar"
            x={PAD.left + i * slot + 2}
            width={Math.max(1, slot - 4)}
            y={y(b.count)}
            height={Math.max(0, y(0) - y(b.count))}
            rx={2}
          />
          <text
            className="chart__label"
            x={PAD.left + i * slot + slot / 2}
            y={H - 8}
            textAnchor="middle"
            fontSize={bars.length > 8 ? 9 : 11}
          >
            {bucketLabel(bars, i)}
          </text>
        </g>
      ))}
      {markers.map((m, i) =>
        m.value === null ? null : (
          <g key={m.label}>
            <line
              className="chart__marker"
              x1={xOf(m.value)}
              x2={xOf(m.value)}
              y1={PAD.top}
              y2={y(0)}
            />
            <text className="chart__label" x={xOf(m.value) + 4} y={PAD.top + 10 + i * 14}>
              {m.label} {formatSeconds(m.value)}
            </text>
          </g>
        ),
      )}
    </svg>
  );
}
