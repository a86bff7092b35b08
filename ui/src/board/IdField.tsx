// The id (or term) of a card in the inspector. What is typed is checked
// against the card's siblings as it is typed: an id another card of the
// kind has, or none at all, stays in the box with the reason under it and
// never reaches the canvas, so no edit can make two cards one. A valid id is
// applied at once, like any other field.
import { useEffect, useState } from "react";
import { idProblem } from "../logic/cards";
import { shownCanvas, useBoard } from "../state/board";
import { TextField } from "../components/form";

export function IdField({
  node,
  label,
  name,
  value,
  mono,
  onChange,
}: {
  /** The card's node id (its identity). */
  node: string;
  label: string;
  name: string;
  value: string;
  mono?: boolean;
  onChange(id: string): void;
}) {
  const canvas = useBoard(shownCanvas);
  // A refused text, and the applied value it was refused against: when the
  // value changes (an undo, a valid edit), the refused text is forgotten.
  const [refused, setRefused] = useState<{ text: string; over: string } | null>(null);
  useEffect(() => {
    setRefused((r) => (r && r.over !== value ? null : r));
  }, [value]);
  const shown = refused && refused.over === value ? refused.text : value;
  const problem = canvas ? idProblem(canvas, node, shown) : null;
  let error: string | null = null;
  if (problem && shown !== value) {
    error = `${problem} Not applied: the card keeps “${value}”.`;
  } else if (problem) {
    // A file edited by hand or imported can hold two cards with one id.
    error = `${problem} Give this card ${name === "term" ? "a term" : "an id"} of its own.`;
  }
  return (
    <TextField
      label={label}
      name={name}
      mono={mono}
      value={shown}
      error={error}
      onChange={(text) => {
        const p = canvas ? idProblem(canvas, node, text) : null;
        if (text === value) {
          setRefused(null);
        } else if (p) {
          setRefused({ text, over: value });
        } else {
          setRefused(null);
          onChange(text);
        }
      }}
    />
  );
}
