// Long file paths shown in little room: the file name and as many of the
// folders above it as fit, the rest of the middle elided, so the part that
// tells workspaces apart stays readable.

const SEP = /[\\/]/;

/**
 * `path` in at most `max` characters: unchanged when it fits, else its
 * first segment (the root), `…`, and the last segments that fit, e.g.
 * `/home/me/…/team-a/workspace.meshcanvas.db`. A file name longer than
 * `max` on its own is cut in its middle.
 */
export function shortPath(path: string, max: number): string {
  if (path.length <= max) return path;
  const sep = path.includes("/") ? "/" : "\\";
  const parts = path.split(SEP);
  const name = parts[parts.length - 1] ?? "";
  if (name.length + 2 > max) return middle(name, max);
  // The root: "" for "/abs", "C:" for "C:\\…", "~" or a first folder otherwise.
  const root = parts.length > 1 ? parts[0]! : "";
  let tail = name;
  for (let i = parts.length - 2; i >= 1; i--) {
    const next = `${parts[i]}${sep}${tail}`;
    if (`${root}${sep}…${sep}${next}`.length > max) break;
    tail = next;
  }
  const withRoot = `${root}${sep}…${sep}${tail}`;
  return withRoot.length <= max ? withRoot : `…${sep}${tail}`;
}

/** `text` cut to `max` characters in its middle. */
function middle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}
