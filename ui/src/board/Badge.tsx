import { memo } from "react";
import type { Badge } from "../logic/findings";

/** Severity counts on a card or block; nothing when clean. */
export const FindingBadge = memo(function FindingBadge({ badge }: { badge: Badge | undefined }) {
  if (!badge || !badge.worst) return null;
  const parts: [string, number][] = [
    ["error", badge.errors],
    ["warning", badge.warnings],
    ["info", badge.infos],
  ];
  return (
    <span className="badges">
      {parts
        .filter(([, n]) => n > 0)
        .map(([sev, n]) => (
          <span
            key={sev}
            className={`badge sev-${sev}`}
            data-testid="finding-badge"
            data-severity={sev}
            title={`${n} ${sev}${n === 1 ? "" : "s"}`}
          >
            {n}
          </span>
        ))}
    </span>
  );
});
