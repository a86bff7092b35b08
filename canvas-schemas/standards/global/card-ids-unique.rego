# Every card of a kind has an id of its own, and every term of the
# ubiquitous language a spelling of its own (ignoring case and surrounding
# spaces): the board, its layout, consumers and other products tell cards
# apart by them, and two cards with one id are one card to all of them.
#
# A duplicate is reported at every card that carries it, so the board marks
# each of them, not only the later one. The desktop app refuses a duplicate
# as it is typed (`idProblem` in ui/src/logic/cards.ts compares the same way); this rule
# catches the ones that arrive in a file edited by hand or imported.
package meshcanvas.card_ids_unique

import rego.v1

lists := [
	{"items": input.outputPorts, "pointer": "/outputPorts", "field": "id", "noun": "output ports"},
	{"items": input.inputPorts, "pointer": "/inputPorts", "field": "id", "noun": "input ports"},
	{"items": input.consumers, "pointer": "/consumers", "field": "id", "noun": "consumers"},
	{"items": input.design.steps, "pointer": "/design/steps", "field": "id", "noun": "design steps"},
	{
		"items": input.observability.qualityChecks,
		"pointer": "/observability/qualityChecks",
		"field": "id",
		"noun": "quality checks",
	},
	{"items": input.policies, "pointer": "/policies", "field": "id", "noun": "policies"},
	{"items": input.ubiquitousLanguage, "pointer": "/ubiquitousLanguage", "field": "term", "noun": "terms"},
]

# What two cards must not share: the id as written; a term ignoring case.
same_as(l, item) := lower(trim_space(item.term)) if l.field == "term"

same_as(l, item) := item.id if l.field != "term"

# How the message names a card: its name, else its place in the list.
label(item, i) := sprintf("\"%s\"", [item.name]) if {
	is_string(item.name)
	trim_space(item.name) != ""
} else := sprintf("\"%s\"", [item.term]) if {
	is_string(item.term)
} else := sprintf("number %d", [i + 1])

# Each list is keyed once and its duplicated keys found by sorting, so a
# canvas of thousands of cards is checked in n log n, not n squared; only
# the cards that share a key look for the others.
deny contains {"msg": msg, "pointer": sprintf("%s/%d/%s", [l.pointer, i, l.field])} if {
	some l in lists
	keyed := {i: key | some i, item in l.items; key := same_as(l, item)}
	shared := duplicated([key | some key in keyed])
	some i, key in keyed
	shared[key]
	group := [j | some j, other in keyed; other == key]
	names := concat(", ", [label(l.items[j], j) | some j in group])
	msg := message(l, l.items[i], count(group), names)
}

# The values that occur more than once in `keys`.
duplicated(keys) := {v | sorted := sort(keys); some n, v in sorted; n > 0; sorted[n - 1] == v}

message(l, item, n, names) := sprintf(
	"the term \"%s\" is defined %d times (%s); terms must differ in more than case: merge the definitions or rename one",
	[trim_space(item.term), n, names],
) if l.field == "term"

message(l, item, n, names) := sprintf(
	"%d %s have the id \"%s\" (%s); give each its own id",
	[n, l.noun, item.id, names],
) if l.field != "term"
