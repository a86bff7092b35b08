# Every output port promises how available it is.
package meshcanvas.output_port_has_availability_slo

import rego.v1

deny contains {"msg": msg, "pointer": sprintf("/outputPorts/%d/slos", [i])} if {
	some i, port in input.outputPorts
	not has_dimension(port, "availability")
	msg := sprintf("output port `%s` has no availability SLO", [port.id])
}

has_dimension(port, dimension) if {
	some slo in port.slos
	slo.dimension == dimension
}
