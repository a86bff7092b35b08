# Finance data has a named data steward in the owning team.
package meshcanvas.finance_steward_named

import rego.v1

deny contains {"msg": "no team member has the role of data steward", "pointer": "/domain/team/members"} if {
	not has_steward(input.domain.team.members)
}

has_steward(members) if {
	some member in members
	contains(lower(member.role), "steward")
	trim_space(member.name) != ""
}
