# A product holding personal data states how long it keeps it.
package meshcanvas.pii_requires_retention_policy

import rego.v1

deny contains {"msg": "the product holds PII fields but has no retention policy", "pointer": "/policies"} if {
	has_pii
	not has_retention
}

has_pii if {
	walk(input.outputPorts, [path, field])
	count(path) >= 3
	path[count(path) - 2] in {"schema", "fields"}
	field.pii == true
}

has_retention if {
	some policy in input.policies
	policy.kind == "retention"
}
