// The domain block: domain, team, owner and support channels.
import type { ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import type { SupportChannel } from "../../bindings/SupportChannel";
import { SUPPORT_TOOLS } from "../../bindings/tables";
import { ListEditor } from "../ListEditor";
import { Section, SelectField, TextArea, TextField } from "../../components/form";
import type { BlockParts } from "./fields";

export function domainForm({ canvas, edit }: BlockParts): ReactNode {
  const d = canvas.domain;
  const dom = (patch: Partial<Canvas["domain"]>) =>
    edit((c) => ({ ...c, domain: { ...c.domain, ...patch } }));
  return (
    <>
      <Section title="Domain">
        <TextField
          label="Domain"
          name="domainname"
          value={d.name}
          onChange={(name) => dom({ name })}
        />
        <TextArea
          label="Description"
          name="domaindescription"
          value={d.description}
          rows={2}
          onChange={(description) => dom({ description })}
        />
        <TextField
          label="Team"
          name="teamname"
          value={d.team.name}
          onChange={(name) => dom({ team: { ...d.team, name } })}
        />
        <div className="grid-2">
          <TextField
            label="Product owner"
            name="ownername"
            value={d.productOwner.name}
            onChange={(name) => dom({ productOwner: { ...d.productOwner, name } })}
          />
          <TextField
            label="Owner e-mail"
            name="owneremail"
            value={d.productOwner.email}
            onChange={(email) => dom({ productOwner: { ...d.productOwner, email } })}
          />
        </div>
      </Section>
      <ListEditor<SupportChannel>
        title="Support channels"
        items={d.team.support}
        onChange={(support) => dom({ team: { ...d.team, support } })}
        newItem={() => ({
          channel: "",
          tool: "slack",
          url: "",
          scope: "interactive",
          description: "",
        })}
        addLabel="+ Channel"
        addTestId="support-add"
        removeLabel="Remove channel"
        rowTestId={(i) => `support-${i}`}
        render={(s, setS) => (
          <>
            <div className="grid-2">
              <TextField
                label="Channel"
                name="supportchannel"
                value={s.channel}
                onChange={(channel) => setS({ ...s, channel })}
              />
              <SelectField
                label="Tool"
                name="supporttool"
                value={s.tool}
                options={SUPPORT_TOOLS}
                onChange={(tool) => setS({ ...s, tool })}
              />
            </div>
            <TextField
              label="URL"
              name="supporturl"
              mono
              value={s.url}
              onChange={(url) => setS({ ...s, url })}
            />
          </>
        )}
      />
    </>
  );
}
