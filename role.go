package scrutineer

import "slices"

// Role is what a user does in the service. A user has one or more roles.
type Role string

// The roles of ../shared/docs/domain.md. Regulator roles belong to staff of the
// regulator; the others to staff of committees and local areas.
const (
	RoleAdmin            Role = "admin"
	RoleInspector        Role = "inspector"
	RoleAnalyst          Role = "analyst"
	RoleManager          Role = "manager"
	RoleCommitteeOfficer Role = "committee_officer"
	RoleAreaContact      Role = "area_contact"
	RoleLocalReader      Role = "local_reader"
)

// Roles lists every role in the order they are shown.
var Roles = []Role{RoleAdmin, RoleInspector, RoleAnalyst, RoleManager, RoleCommitteeOfficer, RoleAreaContact, RoleLocalReader}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Regulator reports whether r is a role held only by the regulator's own staff.
func (r Role) Regulator() bool {
	switch r {
	case RoleAdmin, RoleInspector, RoleAnalyst, RoleManager:
		return true
	}
	return false
}

// Label is the role's name in plain English.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administrator"
	case RoleInspector:
		return "Inspector"
	case RoleAnalyst:
		return "Analyst"
	case RoleManager:
		return "Manager"
	case RoleCommitteeOfficer:
		return "Committee officer"
	case RoleAreaContact:
		return "Area contact"
	case RoleLocalReader:
		return "Local reader"
	}
	return string(r)
}
