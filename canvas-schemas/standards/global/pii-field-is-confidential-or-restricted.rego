# Personal data is never classified public or internal.
package meshcanvas.pii_field_is_confidential_or_restricted

import rego.v1

strict := {"confidential", "restricted"}

deny contains {"msg": msg, "pointer": sprintf("%s/classification", [pointer])} if {
	walk(input.outputPorts, [path, field])
	is_field(path)
	field.pii == true
	not field.classification in strict
	pointer := concat("", ["/outputPorts", concat("", [sprintf("/%v", [p]) | some p in path])])
	msg := sprintf("field `%s` holds PII but is classified %s", [field.name, field.classification])
}

# A schema field is an element of a port's `schema` or of a field's `fields`.
is_field(path) if {
	count(path) >= 3
	is_number(path[count(path) - 1])
	path[count(path) - 2] in {"schema", "fields"}
}
