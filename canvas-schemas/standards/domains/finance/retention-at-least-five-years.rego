# Finance data is kept at least five years, for audits; statutory books
# (ten years) set their own longer retention.
package meshcanvas.finance_retention_at_least_five_years

import rego.v1

min_days := 1825

deny contains {"msg": msg, "pointer": sprintf("/policies/%d/parameters", [i])} if {
	some i, policy in input.policies
	policy.kind == "retention"
	days := to_number(object.get(policy.parameters, "retentionDays", "0"))
	days < min_days
	msg := sprintf("retention policy \"%s\" keeps data %v days; finance keeps records at least %d days", [policy.id, days, min_days])
}

deny contains {"msg": "finance products need a retention policy with parameters.retentionDays", "pointer": "/policies"} if {
	not has_retention(input.policies)
}

has_retention(policies) if {
	some policy in policies
	policy.kind == "retention"
	object.get(policy.parameters, "retentionDays", "") != ""
}
