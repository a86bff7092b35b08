# Port ids are unique within a canvas: other products and consumers refer
# to ports by id.
package meshcanvas.output_port_ids_unique

import rego.v1

deny contains {"msg": msg, "pointer": sprintf("/outputPorts/%d/id", [j])} if {
	some i, a in input.outputPorts
	some j, b in input.outputPorts
	i < j
	a.id == b.id
	msg := sprintf("output port id `%s` is used twice (output ports %d and %d)", [a.id, i, j])
}

deny contains {"msg": msg, "pointer": sprintf("/inputPorts/%d/id", [j])} if {
	some i, a in input.inputPorts
	some j, b in input.inputPorts
	i < j
	a.id == b.id
	msg := sprintf("input port id `%s` is used twice (input ports %d and %d)", [a.id, i, j])
}
