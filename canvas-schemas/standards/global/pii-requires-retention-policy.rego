# A product holding personal data states how long it keeps it.
package meshcanvas.pii_requires_retention_policy

import rego.v1

# The cheap test first: most products have a retention policy, and then the
# fields are never visited. (Helpers are functions, not rules, so that they
# are only evaluated when reached.)
deny contains {"msg": "the product holds PII fields but has no retention policy", "pointer": "/policies"} if {
	not has_retention(input.policies)
	has_pii(input.outputPorts)
}

has_pii(ports) if {
	some port in ports
	some object in port.objects
	some field in object.fields
	field.pii == true
}

# Nested fields: only fields that have some are walked.
has_pii(ports) if {
	some port in ports
	some object in port.objects
	some top in object.fields
	count(top.fields) > 0
	walk(top.fields, [_, field])
	field.pii == true
}

has_retention(policies) if {
	some policy in policies
	policy.kind == "retention"
}
