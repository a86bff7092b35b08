// The form of the selected card: the one for its kind.
import type { Canvas } from "../../bindings/Canvas";
import type { Consumer } from "../../bindings/Consumer";
import type { DesignStep } from "../../bindings/DesignStep";
import type { InputPort } from "../../bindings/InputPort";
import type { OutputPort } from "../../bindings/OutputPort";
import type { Policy } from "../../bindings/Policy";
import type { QualityCheck } from "../../bindings/QualityCheck";
import type { Term } from "../../bindings/Term";
import { cardOfNode, KINDS, type CardItem } from "../../logic/cards";
import { useBoard } from "../../state/board";
import { ConsumerForm } from "./ConsumerForm";
import { DesignStepForm } from "./DesignStepForm";
import { InputPortForm } from "./InputPortForm";
import { OutputPortForm } from "./OutputPortForm";
import { PolicyForm } from "./PolicyForm";
import { QualityCheckForm } from "./QualityCheckForm";
import { TermForm } from "./TermForm";

export function CardForm({ node, canvas }: { node: string; canvas: Canvas }) {
  const update = useBoard((s) => s.updateCard);
  const found = cardOfNode(canvas, node);
  if (!found) return null;
  const set = (item: CardItem) => void update(node, item);
  const base = `${KINDS[found.kind].pointer}/${found.card.index}`;
  switch (found.kind) {
    case "outputPort":
      return (
        <OutputPortForm
          node={node}
          p={found.item as OutputPort}
          set={set as (p: OutputPort) => void}
          base={base}
        />
      );
    case "inputPort":
      return (
        <InputPortForm
          node={node}
          p={found.item as InputPort}
          set={set as (p: InputPort) => void}
          base={base}
        />
      );
    case "consumer":
      return (
        <ConsumerForm
          node={node}
          p={found.item as Consumer}
          set={set as (p: Consumer) => void}
          ports={canvas.outputPorts}
        />
      );
    case "designStep":
      return (
        <DesignStepForm
          node={node}
          p={found.item as DesignStep}
          set={set as (p: DesignStep) => void}
        />
      );
    case "qualityCheck":
      return (
        <QualityCheckForm
          node={node}
          p={found.item as QualityCheck}
          set={set as (p: QualityCheck) => void}
          ports={canvas.outputPorts}
        />
      );
    case "term":
      return <TermForm node={node} p={found.item as Term} set={set as (p: Term) => void} />;
    case "policy":
      return <PolicyForm node={node} p={found.item as Policy} set={set as (p: Policy) => void} />;
  }
  return null;
}
