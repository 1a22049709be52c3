# lookout's shipped policy for Terraform plans (Rego v1).
#
# Input: {"incident", "level", "resource_changes": [{address, type, name, module,
# actions, before, after, active, removes, names}], "files": [...]}. `active`,
# `removes` and `names` are derived by lookout once per resource (see plan.rs):
# an action other than no-op/read/forget; a delete or replace; the address, name,
# name-like fields and tag values. Each rule adds findings
# {rule, severity, resource, message}; severity high|medium decides the risk label.
# Deny rules live in deny.rego and block a proposal outright.
package lookout

import rego.v1

admin_ports := {22, 3389, 3306, 5432, 1433, 27017, 6379}

world_sources := {"0.0.0.0/0", "::/0", "*", "internet", "any"}


known_actions := {"no-op", "read", "forget", "create", "update", "delete", "replace"}

# --- helpers -------------------------------------------------------------

# Every resource type in the plan, once: type tests (regexes) run per type,
# not per resource, so a plan with thousands of changes stays fast.
plan_types := {rc.type | some rc in input.resource_changes}

arr(x) := x if is_array(x)

else := []

obj(x) := x if is_object(x)

else := {}

active(rc) if rc.active

removes(rc) if rc.removes

# What the resource looks like after the change (before, for deletes).
state(rc) := obj(rc.after) if rc.after != null

else := obj(rc.before)

# --- iam_change ----------------------------------------------------------

iam_type(t) if startswith(t, "aws_iam_")

iam_type(t) if {
	startswith(t, "google_")
	contains(t, "_iam_")
}

iam_type(t) if startswith(t, "azurerm_role_")

iam_types := {t | some t in plan_types; iam_type(t)}

findings contains f if {
	some rc in input.resource_changes
	rc.type in iam_types
	rc.active
	f := {"rule": "iam_change", "severity": "high", "resource": rc.address, "message": sprintf("IAM resource %s: %s", [rc.type, concat("+", rc.actions)])}
}

# --- admin_port_open_world -------------------------------------------------

# Normalised ingress rules: {sources, all_ports, from, to}.
all_protocol(p) if lower(sprintf("%v", [p])) in {"-1", "all", "*"}

# A boolean, never undefined, so rule objects always build.
is_all_protocol(p) := true if all_protocol(p)

else := false

port_range(s) := [to_number(parts[0]), to_number(parts[count(parts) - 1])] if {
	parts := split(trim_space(sprintf("%v", [s])), "-")
	regex.match(`^[0-9]+(-[0-9]+)?$`, trim_space(sprintf("%v", [s])))
}

aws_rule(r, sources) := {"sources": sources, "all_ports": is_all_protocol(r.protocol), "from": object.get(r, "from_port", 0), "to": object.get(r, "to_port", 65535)}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type in {"aws_security_group", "aws_default_security_group"}
	live(rc)
	some r in arr(object.get(state(rc), "ingress", []))
	rule := aws_rule(r, array.concat(arr(object.get(r, "cidr_blocks", [])), arr(object.get(r, "ipv6_cidr_blocks", []))))
}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "aws_security_group_rule"
	live(rc)
	s := state(rc)
	s.type == "ingress"
	rule := aws_rule(s, array.concat(arr(object.get(s, "cidr_blocks", [])), arr(object.get(s, "ipv6_cidr_blocks", []))))
}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "aws_vpc_security_group_ingress_rule"
	live(rc)
	s := state(rc)
	sources := [c | some c in [object.get(s, "cidr_ipv4", null), object.get(s, "cidr_ipv6", null)]; c != null]
	rule := {"sources": sources, "all_ports": is_all_protocol(s.ip_protocol), "from": object.get(s, "from_port", 0), "to": object.get(s, "to_port", 65535)}
}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "aws_network_acl_rule"
	live(rc)
	s := state(rc)
	not s.egress
	lower(s.rule_action) == "allow"
	rule := aws_rule(s, [c | some c in [object.get(s, "cidr_block", null), object.get(s, "ipv6_cidr_block", null)]; c != null])
}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "aws_network_acl"
	live(rc)
	some r in arr(object.get(state(rc), "ingress", []))
	lower(object.get(r, "action", "allow")) == "allow"
	rule := aws_rule(r, [c | some c in [object.get(r, "cidr_block", null), object.get(r, "ipv6_cidr_block", null)]; c != null])
}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "google_compute_firewall"
	live(rc)
	s := state(rc)
	upper(object.get(s, "direction", "INGRESS")) == "INGRESS"
	some allow in arr(object.get(s, "allow", []))
	ports := arr(object.get(allow, "ports", []))
	rule := gcp_rule(arr(object.get(s, "source_ranges", [])), allow.protocol, ports)[_]
}

gcp_rule(sources, protocol, ports) := [{"sources": sources, "all_ports": true, "from": 0, "to": 65535}] if {
	count(ports) == 0
}

else := [{"sources": sources, "all_ports": is_all_protocol(protocol), "from": r[0], "to": r[1]} | some p in ports; r := port_range(p)]

azure_rules(s) := [{"sources": sources, "all_ports": is_all_protocol(s.protocol), "from": r[0], "to": r[1]} |
	lower(object.get(s, "direction", "")) == "inbound"
	lower(object.get(s, "access", "")) == "allow"
	sources := [p | some p in array.concat([object.get(s, "source_address_prefix", "")], arr(object.get(s, "source_address_prefixes", []))); p != null; p != ""]
	some range in array.concat([object.get(s, "destination_port_range", "")], arr(object.get(s, "destination_port_ranges", [])))
	range != null
	range != ""
	r := azure_range(range)
]

azure_range(range) := [0, 65535] if range == "*"

else := port_range(range)

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "azurerm_network_security_rule"
	live(rc)
	some rule in azure_rules(state(rc))
}

ingress contains {"address": rc.address, "rule": rule} if {
	some rc in input.resource_changes
	rc.type == "azurerm_network_security_group"
	live(rc)
	some r in arr(object.get(state(rc), "security_rule", []))
	some rule in azure_rules(r)
}

open_to_world(rule) if {
	some source in rule.sources
	lower(sprintf("%v", [source])) in world_sources
}

covers_admin_port(rule) if rule.all_ports

covers_admin_port(rule) if {
	some port in admin_ports
	rule.from <= port
	port <= rule.to
}

covers_admin_port(rule) if {
	rule.from == 0
	rule.to == 0
}

live(rc) if {
	rc.active
	rc.after != null
}

findings contains f if {
	some entry in ingress
	rule := entry.rule
	open_to_world(rule)
	covers_admin_port(rule)
	f := {"rule": "admin_port_open_world", "severity": "high", "resource": entry.address, "message": sprintf("ingress from the whole internet covers an admin port (ports %v-%v)", [rule.from, rule.to])}
}

# --- public_bucket ---------------------------------------------------------

public_acls := {"public-read", "public-read-write"}

findings contains f if {
	some rc in input.resource_changes
	rc.type in {"aws_s3_bucket", "aws_s3_bucket_acl"}
	rc.active
	rc.after != null
	object.get(rc.after, "acl", "") in public_acls
	f := {"rule": "public_bucket", "severity": "high", "resource": rc.address, "message": sprintf("bucket ACL %v makes it public", [rc.after.acl])}
}

findings contains f if {
	some rc in input.resource_changes
	rc.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	rc.active
	rc.after != null
	some key, value in rc.after
	regex.match(`^(block|ignore|restrict)_`, key)
	value == false
	f := {"rule": "public_bucket", "severity": "high", "resource": rc.address, "message": sprintf("public access block has %s = false", [key])}
}

# --- deletes and replaces --------------------------------------------------

stateful_types := {
	"aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_s3_bucket", "aws_ebs_volume",
	"aws_dynamodb_table", "aws_efs_file_system", "aws_elasticache_cluster", "aws_elasticache_replication_group",
	"aws_kms_key", "aws_secretsmanager_secret", "aws_redshift_cluster", "aws_docdb_cluster", "aws_neptune_cluster",
	"aws_opensearch_domain", "aws_elasticsearch_domain", "aws_memorydb_cluster", "aws_fsx_lustre_file_system",
	"aws_backup_vault", "aws_glacier_vault", "aws_ssm_parameter",
	"google_sql_database_instance", "google_sql_database", "google_storage_bucket", "google_compute_disk",
	"google_bigquery_dataset", "google_bigquery_table", "google_spanner_instance", "google_spanner_database",
	"google_kms_crypto_key", "google_secret_manager_secret", "google_redis_instance", "google_filestore_instance",
	"azurerm_storage_account", "azurerm_managed_disk", "azurerm_key_vault", "azurerm_key_vault_key",
	"azurerm_key_vault_secret", "azurerm_cosmosdb_account", "azurerm_redis_cache",
}

stateful(t) if t in stateful_types

stateful_present := {t | some t in plan_types; stateful(t)}

stateful(t) if regex.match(`^azurerm_.*(sql|postgresql|mysql|mariadb)_(server|database|flexible_server)$`, t)

findings contains f if {
	some rc in input.resource_changes
	rc.removes
	rc.type in stateful_present
	f := {"rule": "stateful_delete_replace", "severity": "high", "resource": rc.address, "message": sprintf("%s of a stateful %s: its data can be lost", [concat("+", rc.actions), rc.type])}
}

findings contains f if {
	some rc in input.resource_changes
	rc.removes
	not rc.type in stateful_present
	f := {"rule": "other_delete_replace", "severity": "medium", "resource": rc.address, "message": sprintf("%s of %s", [concat("+", rc.actions), rc.type])}
}

# --- network_change --------------------------------------------------------

# Whole type names, anchored at both ends: a family prefix alone would judge
# `aws_route53_zone` (DNS) by `aws_route` (routing). Boundary types are the
# ones that decide what can reach what: security groups and ACLs, VPCs,
# subnets and routes, gateways, load balancers and their listeners, CDNs and
# WAFs. DNS records and zones are names, not boundaries.
network_type(t) if regex.match(`^aws_(default_)?(security_group(_rule)?|vpc(_security_group_(ingress|egress)_rule|_ipv4_cidr_block_association|_endpoint(_[a-z_]+)?|_peering_connection(_[a-z_]+)?)?|subnet|route(_table(_association)?)?|main_route_table_association|network_acl(_rule|_association)?|(lb|alb)(_listener(_rule|_certificate)?|_target_group(_attachment)?)?|elb(_attachment)?|nat_gateway|internet_gateway(_attachment)?|egress_only_internet_gateway|vpn_[a-z_]+|customer_gateway|ec2_transit_gateway(_[a-z_]+)?|networkfirewall_[a-z_]+|cloudfront_[a-z_]+|wafv2_[a-z_]+)$`, t)

network_type(t) if regex.match(`^google_compute_(firewall(_policy(_rule|_association)?)?|network(_peering)?|subnetwork|route|router(_nat|_interface|_peer)?|security_policy|global_forwarding_rule|forwarding_rule|(region_)?backend_service|(region_)?url_map|target_[a-z_]+)$`, t)

network_type(t) if regex.match(`^azurerm_(network_security_(group|rule)|virtual_network(_peering|_gateway(_connection)?)?|subnet(_[a-z_]+_association)?|route(_table|_server)?|lb(_rule|_nat_rule|_nat_pool|_probe|_backend_address_pool(_address)?|_outbound_rule)?|firewall(_[a-z_]+)?|application_gateway|public_ip(_prefix)?|frontdoor(_[a-z_]+)?|cdn_[a-z_]+)$`, t)

# Types are few and resources many: classify each distinct type once.
network_types := {t |
	some t in plan_types
	network_type(t)
}

findings contains f if {
	some rc in input.resource_changes
	rc.type in network_types
	rc.active
	f := {"rule": "network_change", "severity": "medium", "resource": rc.address, "message": sprintf("network boundary resource %s: %s", [rc.type, concat("+", rc.actions)])}
}

# --- prod_name ---------------------------------------------------------------

# The substring test is a cheap prefilter (every match contains "pr"): the
# regex is the costly part on plans with thousands of names.
prod_token(s) if {
	text := lower(s) # names are strings (plan.rs)
	contains(text, "pr")
	regex.match(`(^|[^a-z0-9])(prod|production|prd)([^a-z0-9]|$)`, text)
}

findings contains f if {
	some rc in input.resource_changes
	rc.active
	some name in rc.names
	prod_token(name)
	f := {"rule": "prod_name", "severity": "medium", "resource": rc.address, "message": sprintf("changes a production resource (%v)", [name])}
}

# --- unknown actions are at least medium --------------------------------------

findings contains f if {
	some rc in input.resource_changes
	some action in rc.actions
	not action in known_actions
	f := {"rule": "unknown_action", "severity": "medium", "resource": rc.address, "message": sprintf("unknown plan action %v: treated as risky", [action])}
}
