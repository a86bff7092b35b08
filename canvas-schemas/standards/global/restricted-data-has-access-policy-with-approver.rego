# Restricted data is only granted by a named approver.
package meshcanvas.restricted_data_has_access_policy_with_approver

import rego.v1

# The cheap test first: most products have an access policy with an
# approver, and then the fields are never visited. (Helpers are functions,
# not rules, so that they are only evaluated when reached.)
deny contains {"msg": msg, "pointer": "/policies"} if {
	not has_approved_access(input.policies)
	has_restricted(input.outputPorts)
	msg := "the product holds restricted fields but has no access policy naming an approver (parameters.approver)"
}

has_restricted(ports) if {
	some port in ports
	some object in port.objects
	some field in object.fields
	field.classification == "restricted"
}

# Nested fields: only fields that have some are walked.
has_restricted(ports) if {
	some port in ports
	some object in port.objects
	some top in object.fields
	count(top.fields) > 0
	walk(top.fields, [_, field])
	field.classification == "restricted"
}

has_approved_access(policies) if {
	some policy in policies
	policy.kind == "access"
	trim_space(object.get(policy.parameters, "approver", "")) != ""
}
