# Every output port promises how fresh its data is.
package meshcanvas.output_port_has_freshness_slo

import rego.v1

deny contains {"msg": msg, "pointer": sprintf("/outputPorts/%d/slos", [i])} if {
	some i, port in input.outputPorts
	not has_dimension(port, "freshness")
	msg := sprintf("output port `%s` has no freshness SLO", [port.id])
}

has_dimension(port, dimension) if {
	some slo in port.slos
	slo.dimension == dimension
}
