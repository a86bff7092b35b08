// What the dialogs that write files into a folder share: Escape closes
// them, and "Choose…" opens the native folder picker.
import { useEffect } from "react";
import { dialogs } from "../backend";
import { reportError } from "../state/app";

/** Closes the dialog on Escape while it is mounted. */
export function useEscapeToClose(onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
}

/** Asks for a folder with the native picker; `setFolder` gets it unless cancelled. */
export async function browseFolder(title: string, setFolder: (dir: string) => void): Promise<void> {
  try {
    const dir = await dialogs.chooseFolder(title);
    if (dir) setFolder(dir);
  } catch (e) {
    reportError("Could not open the folder picker", e);
  }
}
