# Restricted data is only granted by a named approver.
package meshcanvas.restricted_data_has_access_policy_with_approver

import rego.v1

# The cheap test first: most products have an access policy with an
# approver, and then the fields are never visited.
deny contains {"msg": msg, "pointer": "/policies"} if {
	not has_approved_access
	has_restricted
	msg := "the product holds restricted fields but has no access policy naming an approver (parameters.approver)"
}

has_restricted if {
	some port in input.outputPorts
	some field in port.schema
	field.classification == "restricted"
}

# Nested fields: only fields that have some are walked.
has_restricted if {
	some port in input.outputPorts
	some top in port.schema
	count(top.fields) > 0
	walk(top.fields, [_, field])
	field.classification == "restricted"
}

has_approved_access if {
	some policy in input.policies
	policy.kind == "access"
	trim_space(object.get(policy.parameters, "approver", "")) != ""
}
