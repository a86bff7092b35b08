# Personal data is never classified public or internal.
#
# Fields are visited port by port; only fields that have nested fields are
# walked, so the common flat schema costs one step per field.
package meshcanvas.pii_field_is_confidential_or_restricted

import rego.v1

strict := {"confidential", "restricted"}

deny contains finding(sprintf("/outputPorts/%d/schema/%d", [i, j]), field) if {
	some i, port in input.outputPorts
	some j, field in port.schema
	field.pii == true
	not field.classification in strict
}

deny contains finding(pointer, field) if {
	some i, port in input.outputPorts
	some j, top in port.schema
	count(top.fields) > 0
	walk(top.fields, [path, field])
	field.pii == true
	not field.classification in strict
	is_number(path[count(path) - 1])
	pointer := sprintf("/outputPorts/%d/schema/%d/fields%s", [i, j, concat("", [sprintf("/%v", [p]) | some p in path])])
}

finding(pointer, field) := {
	"msg": sprintf("field `%s` holds PII but is classified %s", [field.name, field.classification]),
	"pointer": sprintf("%s/classification", [pointer]),
}
