// A sticky note: its text and colour.
import type { StickyNote } from "../../bindings/StickyNote";
import { useBoard } from "../../state/board";
import { Section, SelectField, TextArea } from "../../components/form";

export function NoteForm({ id, note }: { id: string; note: StickyNote }) {
  const edit = useBoard((s) => s.edit);
  return (
    <Section title="Note">
      <TextArea
        label="Text"
        name="notetext"
        rows={6}
        value={note.text}
        onChange={(text) =>
          edit(
            (c) => ({
              ...c,
              layout: {
                ...c.layout,
                notes: c.layout.notes.map((n) => (n.id === id ? { ...n, text } : n)),
              },
            }),
            `note:${id}`,
          )
        }
      />
      <SelectField
        label="Colour"
        name="notecolor"
        value={
          (["yellow", "pink", "blue", "green"].includes(note.color)
            ? note.color
            : "yellow") as "yellow"
        }
        options={["yellow", "pink", "blue", "green"] as const}
        onChange={(color) =>
          edit((c) => ({
            ...c,
            layout: {
              ...c.layout,
              notes: c.layout.notes.map((n) => (n.id === id ? { ...n, color } : n)),
            },
          }))
        }
      />
    </Section>
  );
}
