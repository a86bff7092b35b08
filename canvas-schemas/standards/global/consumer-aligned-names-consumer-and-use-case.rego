# A consumer-aligned product exists for someone: name them and their use case.
package meshcanvas.consumer_aligned_names_consumer_and_use_case

import rego.v1

deny contains {"msg": msg, "pointer": "/consumers"} if {
	input.product.archetype == "consumer-aligned"
	not has_use_case(input.consumers)
	msg := "a consumer-aligned product must name at least one consumer with a use case"
}

has_use_case(consumers) if {
	some consumer in consumers
	trim_space(consumer.useCase) != ""
}
