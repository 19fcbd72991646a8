package web

import (
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// navItem is one link of the site navigation.
type navItem struct {
	Label   string
	Href    string
	Current bool
}

// navFor returns the navigation a user sees. It only hides links; each page still
// asks the access policy, so a hidden link is never the only protection.
func navFor(u *scrutineer.User, current string) []navItem {
	var items []navItem
	add := func(label, href string) {
		cur := current == href || (href != "/" && strings.HasPrefix(current, href+"/"))
		items = append(items, navItem{Label: label, Href: href, Current: cur})
	}
	if u == nil {
		add("Home", "/")
		add("Publications", "/publications")
		add("Sign in", "/login")
		return items
	}
	add("Dashboard", "/dashboard")
	if auth.Allowed(u, auth.SearchRepository, auth.Resource{}) {
		add("Search", "/search")
	}
	if auth.Allowed(u, auth.TriageReviews, auth.Resource{}) {
		add("Triage", "/reviews/triage")
	}
	if auth.Allowed(u, auth.ViewCommitteeRecord, auth.Resource{}) {
		add("Repository", "/repository") // regulator staff (review_themes_repository.go)
	}
	if u.Has(scrutineer.RoleAdmin) {
		add("Organisations", "/admin/organisations")
		add("Background jobs", "/admin/jobs")
		add("Outbox", "/admin/outbox")
		add("Users", "/admin/users")
		add("Audit log", "/admin/audit")
	}
	if auth.Allowed(u, auth.EditCommitteeRecord, auth.Resource{OrganisationID: u.OrganisationID}) {
		add("Learning reviews", "/learning-reviews")
	}
	if auth.Allowed(u, auth.ViewStatistics, auth.Resource{}) {
		add("Statistics", statsStaffBase)
	}
	if auth.Allowed(u, auth.ListDocuments, auth.Resource{}) {
		add("Documents", "/documents")
	}
	add("Publications", "/publications")
	add("Your account", "/account")
	return items
}
