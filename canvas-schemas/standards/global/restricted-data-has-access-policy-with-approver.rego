# Restricted data is only granted by a named approver.
package meshcanvas.restricted_data_has_access_policy_with_approver

import rego.v1

deny contains {"msg": msg, "pointer": "/policies"} if {
	has_restricted
	not has_approved_access
	msg := "the product holds restricted fields but has no access policy naming an approver (parameters.approver)"
}

has_restricted if {
	walk(input.outputPorts, [path, field])
	count(path) >= 3
	path[count(path) - 2] in {"schema", "fields"}
	field.classification == "restricted"
}

has_approved_access if {
	some policy in input.policies
	policy.kind == "access"
	trim_space(object.get(policy.parameters, "approver", "")) != ""
}
