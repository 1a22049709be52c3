# Rules on the proposed diff itself (files changed), for proposals without a
# Terraform plan: the same rule ids, judged from paths and changed lines.
package lookout

import rego.v1

changed_lines(file) := array.concat(arr(object.get(file, "added", [])), arr(object.get(file, "removed", [])))

findings contains f if {
	some file in input.files
	regex.match(`(^|/)(migrations?|migrate|db/migrate|schema)(/|$)|\.sql$`, file.path)
	regex.match(`(?i)(^|[^a-z])(prod|production)([^a-z]|$)`, file.path)
	f := {"rule": "prod_db_migration", "severity": "high", "resource": file.path, "message": "changes a production database migration"}
}

findings contains f if {
	some file in input.files
	some line in changed_lines(file)
	regex.match(`(?i)aws_iam_|iam\.amazonaws\.com|"iam:|kind:\s*(Cluster)?RoleBinding|roles/`, line)
	f := {"rule": "iam_change", "severity": "high", "resource": file.path, "message": "the diff touches IAM / RBAC definitions"}
}

findings contains f if {
	some file in input.files
	some line in arr(object.get(file, "added", []))
	regex.match(`0\.0\.0\.0/0|::/0`, line)
	f := {"rule": "network_change", "severity": "medium", "resource": file.path, "message": "the diff adds a world-open CIDR"}
}

findings contains f if {
	some file in input.files
	file.kind == "delete"
	f := {"rule": "other_delete_replace", "severity": "medium", "resource": file.path, "message": "the diff deletes a file"}
}

findings contains f if {
	some file in input.files
	regex.match(`(?i)(^|[^a-z])(prod|production)([^a-z]|$)`, file.path)
	f := {"rule": "prod_name", "severity": "medium", "resource": file.path, "message": "changes a file for production"}
}
