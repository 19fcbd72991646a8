package auth

import (
	"slices"

	"github.com/scrutineer/scrutineer"
)

// ownAccount reports whether res is u's own account: its AssignedUsers names u and
// no one else.
func ownAccount(u *scrutineer.User, res Resource) bool {
	return len(res.AssignedUsers) == 1 && slices.Contains(res.AssignedUsers, u.ID)
}
