# Deny rules: a proposal that matches any of these is BLOCKED — never staged,
# shown with its reasons, counted on the scoreboard.
package lookout

import rego.v1

policy_documents(rc) := [doc |
	some key in {"policy", "inline_policy", "assume_role_policy"}
	text := state(rc)[key]
	is_string(text)
	doc := json.unmarshal(text)
]

statements(doc) := arr(object.get(doc, "Statement", [])) if is_array(doc.Statement)

else := [doc.Statement] if is_object(doc.Statement)

else := []

wildcard(x) if x == "*"

wildcard(x) if {
	is_array(x)
	"*" in x
}

deny contains d if {
	some rc in input.resource_changes
	startswith(rc.type, "aws_iam_")
	rc.active
	rc.after != null
	some doc in policy_documents(rc)
	some statement in statements(doc)
	object.get(statement, "Effect", "Allow") == "Allow"
	wildcard(object.get(statement, "Action", null))
	wildcard(object.get(statement, "Resource", null))
	d := {"rule": "deny_iam_wildcard", "resource": rc.address, "message": "IAM policy allows every action (*) on every resource (*)"}
}

deny contains d if {
	some rc in input.resource_changes
	rc.type == "aws_cloudtrail"
	rc.removes
	d := {"rule": "deny_disable_audit_logging", "resource": rc.address, "message": "deletes a CloudTrail trail (audit logging)"}
}

deny contains d if {
	some rc in input.resource_changes
	rc.type == "aws_cloudtrail"
	rc.active
	rc.after.enable_logging == false
	d := {"rule": "deny_disable_audit_logging", "resource": rc.address, "message": "turns CloudTrail logging off"}
}

deny contains d if {
	some rc in input.resource_changes
	rc.type == "aws_config_configuration_recorder_status"
	rc.active
	rc.after.is_enabled == false
	d := {"rule": "deny_disable_audit_logging", "resource": rc.address, "message": "turns AWS Config recording off"}
}
