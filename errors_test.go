package scrutineer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorCodesThroughWrapping(t *testing.T) {
	base := Errorf(ENOTFOUND, "No such review.")
	wrapped := fmt.Errorf("find review: %w", base)
	if ErrorCode(wrapped) != ENOTFOUND || ErrorMessage(wrapped) != "No such review." {
		t.Fatalf("wrapped: %q %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	plain := errors.New("connection reset by peer at 10.0.0.5")
	if ErrorCode(plain) != EINTERNAL || strings.Contains(ErrorMessage(plain), "10.0.0.5") {
		t.Fatalf("plain errors must be internal with a generic message: %q", ErrorMessage(plain))
	}
	if ErrorCode(nil) != "" {
		t.Fatal("nil has a code")
	}
	internal := Errorf(EINTERNAL, "disk full on /var/lib")
	if strings.Contains(ErrorMessage(internal), "disk") {
		t.Fatal("an internal message leaked")
	}
}

func TestProblems(t *testing.T) {
	var p Problems
	if p.Err("x") != nil {
		t.Fatal("no problems must be no error")
	}
	p.Add("email", "Enter an email address")
	p.Add("email", "A second problem is ignored")
	p.Add("name", "Enter a name")
	err := p.Err("Check the form.")
	if ErrorCode(err) != EINVALID || ErrorFields(err)["email"] != "Enter an email address" || len(ErrorFields(err)) != 2 {
		t.Fatalf("%v", err)
	}
	if got := err.Error(); got != "scrutineer: invalid: Check the form. (email: Enter an email address; name: Enter a name)" {
		t.Fatalf("Error() = %q", got)
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles {
		if !r.Valid() || r.Label() == string(r) {
			t.Errorf("%s: valid %v, label %q", r, r.Valid(), r.Label())
		}
	}
	if Role("wizard").Valid() {
		t.Error("unknown role is valid")
	}
	u := &User{Roles: []Role{RoleCommitteeOfficer}}
	if u.Regulator() || !u.Has(RoleCommitteeOfficer) {
		t.Error("committee officer is not regulator staff")
	}
	if !(&User{Roles: []Role{RoleAnalyst}}).Regulator() {
		t.Error("analyst is regulator staff")
	}
	var nobody *User
	if nobody.Has(RoleAdmin) || nobody.Regulator() {
		t.Error("nil user holds roles")
	}
}
