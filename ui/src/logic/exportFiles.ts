// The export preview's file list, grouped by what each file is for: the
// manifests a platform deploys, the canvas files that give the board back on
// import, the changelogs, and the index. Each file keeps its place in the
// list the core returned, which is what the dialog selects by.
import type { ExportedFile } from "../bindings/ExportedFile";

export interface FileGroup {
  title: string;
  /** What the files of the group are for, shown under its title. */
  note: string;
  files: { file: ExportedFile; index: number }[];
}

const GROUPS: { title: string; note: string; kinds: string[] }[] = [
  { title: "Manifests", note: "What a platform deploys", kinds: ["odps", "odcs"] },
  {
    title: "Canvases",
    note: "The board, layout and notes included: what importing the bundle reads back",
    kinds: ["canvas"],
  },
  { title: "Changelogs", note: "What changed since the baseline", kinds: ["changelog"] },
  {
    title: "Index",
    note: "Every file with its SHA-256, and the deployment order",
    kinds: ["index"],
  },
];

/** The files in their groups, empty groups left out; a kind no group names goes last. */
export function groupExportFiles(files: readonly ExportedFile[]): FileGroup[] {
  const indexed = files.map((file, index) => ({ file, index }));
  const known = new Set(GROUPS.flatMap((g) => g.kinds));
  const groups: FileGroup[] = GROUPS.map(({ title, note, kinds }) => ({
    title,
    note,
    files: indexed.filter((f) => kinds.includes(f.file.kind)),
  }));
  groups.push({
    title: "Other",
    note: "",
    files: indexed.filter((f) => !known.has(f.file.kind)),
  });
  return groups.filter((g) => g.files.length > 0);
}
