// A glossary term card.
import type { Term } from "../../bindings/Term";
import { IdField } from "../IdField";
import { ListField, Section, TextArea } from "../../components/form";

export function TermForm({ node, p, set: s }: { node: string; p: Term; set(p: Term): void }) {
  return (
    <Section title="Term">
      <IdField
        node={node}
        label="Term"
        name="term"
        value={p.term}
        onChange={(term) => s({ ...p, term })}
      />
      <TextArea
        label="Definition"
        name="definition"
        value={p.definition}
        onChange={(definition) => s({ ...p, definition })}
      />
      <ListField
        label="Synonyms"
        name="synonyms"
        value={p.synonyms}
        onChange={(synonyms) => s({ ...p, synonyms })}
      />
      <ListField
        label="Polysemes"
        name="polysemes"
        hint="Other meanings of the same word in other domains"
        value={p.polysemes}
        onChange={(polysemes) => s({ ...p, polysemes })}
      />
    </Section>
  );
}
