package scrutineer

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// OrganisationKind says what sort of body an organisation is.
type OrganisationKind string

// The kinds of organisation in the directory.
const (
	KindRegulator                   OrganisationKind = "regulator"
	KindLocalAuthority              OrganisationKind = "local_authority"
	KindCommunityJusticePartnership OrganisationKind = "community_justice_partnership"
	KindChildProtectionCommittee    OrganisationKind = "child_protection_committee"
	KindAdultProtectionCommittee    OrganisationKind = "adult_protection_committee"
	KindPublicProtectionCommittee   OrganisationKind = "public_protection_committee"
	KindChiefOfficersGroup          OrganisationKind = "chief_officers_group"
	KindPartnerScrutinyBody         OrganisationKind = "partner_scrutiny_body"
	KindHealthBoard                 OrganisationKind = "health_board"
)

// OrganisationKinds lists every kind in the order they are shown.
var OrganisationKinds = []OrganisationKind{
	KindRegulator, KindLocalAuthority, KindCommunityJusticePartnership,
	KindChildProtectionCommittee, KindAdultProtectionCommittee, KindPublicProtectionCommittee,
	KindChiefOfficersGroup, KindPartnerScrutinyBody, KindHealthBoard,
}

// Valid reports whether k is a known kind.
func (k OrganisationKind) Valid() bool { return slices.Contains(OrganisationKinds, k) }

// Label is the kind's name in plain English, in the singular.
func (k OrganisationKind) Label() string {
	switch k {
	case KindRegulator:
		return "Regulator"
	case KindLocalAuthority:
		return "Local authority"
	case KindCommunityJusticePartnership:
		return "Community justice partnership"
	case KindChildProtectionCommittee:
		return "Child protection committee"
	case KindAdultProtectionCommittee:
		return "Adult protection committee"
	case KindPublicProtectionCommittee:
		return "Public protection committee"
	case KindChiefOfficersGroup:
		return "Chief officers group"
	case KindPartnerScrutinyBody:
		return "Partner scrutiny body"
	case KindHealthBoard:
		return "Health board"
	}
	return string(k)
}

// Committee reports whether k is a child, adult or public protection committee: the
// bodies that notify the regulator of learning reviews.
func (k OrganisationKind) Committee() bool {
	switch k {
	case KindChildProtectionCommittee, KindAdultProtectionCommittee, KindPublicProtectionCommittee:
		return true
	}
	return false
}

// CanMergeInto reports whether an organisation of kind k may be merged into one of
// kind into: the same kind, or one protection committee into another (two committees
// often combine into a public protection committee).
func (k OrganisationKind) CanMergeInto(into OrganisationKind) bool {
	return k == into || (k.Committee() && into.Committee())
}

// OrganisationStatus says whether an organisation still exists in its own right.
type OrganisationStatus string

// The statuses of an organisation.
const (
	StatusActive OrganisationStatus = "active"
	StatusMerged OrganisationStatus = "merged" // now part of the organisation in MergedInto
	StatusClosed OrganisationStatus = "closed"
)

// OrganisationStatuses lists every status in the order they are shown.
var OrganisationStatuses = []OrganisationStatus{StatusActive, StatusMerged, StatusClosed}

// Valid reports whether s is a known status.
func (s OrganisationStatus) Valid() bool { return slices.Contains(OrganisationStatuses, s) }

// Label is the status in plain English.
func (s OrganisationStatus) Label() string {
	switch s {
	case StatusActive:
		return "Active"
	case StatusMerged:
		return "Merged"
	case StatusClosed:
		return "Closed"
	}
	return string(s)
}

// OrganisationRef points at another organisation in the directory. Inputs name it by
// Slug; finders fill ID and Name as well.
type OrganisationRef struct {
	ID   string
	Slug string
	Name string
}

// Organisation is one body in the directory. Slug is stable for its whole life, even
// when the body is renamed or merged.
type Organisation struct {
	ID     string
	Slug   string
	Name   string
	Kind   OrganisationKind
	Status OrganisationStatus
	// Parent is the body this one answers to: a committee's chief officers group.
	Parent *OrganisationRef
	// MergedInto is set when Status is StatusMerged.
	MergedInto *OrganisationRef
	// Areas are the local authorities the organisation covers, by name.
	Areas []OrganisationRef
	// Version counts the changes; every change is kept as an OrganisationVersion.
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ParentSlug returns the slug of the parent, or "".
func (o *Organisation) ParentSlug() string { return refSlug(o.Parent) }

// MergedIntoSlug returns the slug of the organisation this one merged into, or "".
func (o *Organisation) MergedIntoSlug() string { return refSlug(o.MergedInto) }

// AreaSlugs returns the slugs of the areas covered, in order.
func (o *Organisation) AreaSlugs() []string {
	s := make([]string, len(o.Areas))
	for i, a := range o.Areas {
		s[i] = a.Slug
	}
	return s
}

func refSlug(r *OrganisationRef) string {
	if r == nil {
		return ""
	}
	return r.Slug
}

// Limits on what an organisation's fields may hold.
const (
	MaxOrganisationNameLength = 200
	MaxOrganisationSlugLength = 80
	MaxChangeReasonLength     = 1000
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Normalise trims the text fields of o so that validation and storage see the same.
func (o *Organisation) Normalise() {
	o.Slug = strings.ToLower(strings.TrimSpace(o.Slug))
	o.Name = strings.Join(strings.Fields(o.Name), " ")
	if o.Status == "" {
		o.Status = StatusActive
	}
}

// Validate checks the fields of a new organisation that need no lookup. The store
// checks that the slug is free and that the organisations it refers to exist.
func (o *Organisation) Validate(p *Problems) {
	switch {
	case o.Slug == "":
		p.Add("slug", "Enter a short name for web addresses, like glasgow-cpc")
	case len(o.Slug) > MaxOrganisationSlugLength:
		p.Add("slug", "Short name must be 80 characters or fewer")
	case !slugPattern.MatchString(o.Slug):
		p.Add("slug", "Short name must use only lower-case letters, numbers and single hyphens between them")
	}
	validateName(p, o.Name)
	if !o.Kind.Valid() {
		p.Add("kind", "Choose what sort of organisation this is")
	}
	if o.Status != StatusActive {
		p.Add("status", "A new organisation must be active")
	}
	if o.Parent != nil && o.Parent.Slug == o.Slug {
		p.Add("parent", "An organisation cannot answer to itself")
	}
}

func validateName(p *Problems, name string) {
	switch {
	case name == "":
		p.Add("name", "Enter the organisation's name")
	case utf8.RuneCountInString(name) > MaxOrganisationNameLength:
		p.Add("name", "Name must be 200 characters or fewer")
	}
}

// ValidateReason checks the reason given for a change.
func ValidateReason(p *Problems, reason string) {
	switch {
	case strings.TrimSpace(reason) == "":
		p.Add("reason", "Enter the reason for this change")
	case utf8.RuneCountInString(reason) > MaxChangeReasonLength:
		p.Add("reason", "Reason must be 1,000 characters or fewer")
	}
}

// OrganisationUpdate is an edit of an organisation: its name and status, and what it
// merged into. Version is the version the editor saw, for optimistic concurrency.
type OrganisationUpdate struct {
	Name           string
	Status         OrganisationStatus
	MergedIntoSlug string // required when Status is StatusMerged, empty otherwise
	Version        int
	Reason         string
}

// Normalise trims the text fields of u.
func (u *OrganisationUpdate) Normalise() {
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	u.MergedIntoSlug = strings.TrimSpace(u.MergedIntoSlug)
	u.Reason = strings.TrimSpace(u.Reason)
}

// Validate checks the fields of an update that need no lookup.
func (u *OrganisationUpdate) Validate(p *Problems, slug string) {
	validateName(p, u.Name)
	switch {
	case !u.Status.Valid():
		p.Add("status", "Choose whether the organisation is active, merged or closed")
	case u.Status == StatusMerged && u.MergedIntoSlug == "":
		p.Add("merged_into", "Choose the organisation it merged into")
	case u.Status == StatusMerged && u.MergedIntoSlug == slug:
		p.Add("merged_into", "An organisation cannot merge into itself")
	case u.Status != StatusMerged && u.MergedIntoSlug != "":
		p.Add("merged_into", "Leave this empty unless the status is merged")
	}
	ValidateReason(p, u.Reason)
}

// OrganisationVersion is a full snapshot of an organisation after one change, with
// who made the change, when and why. Version 1 is the organisation as created.
type OrganisationVersion struct {
	Version        int
	Slug           string
	Name           string
	Kind           OrganisationKind
	Status         OrganisationStatus
	ParentSlug     string
	MergedIntoSlug string
	AreaSlugs      []string
	ChangedAt      time.Time
	ChangedByID    string // empty when the service itself made the change
	ChangedBy      string // the person's name at the time, or "Scrutineer"
	Reason         string
}

// OrganisationFilter narrows a search of the directory. Zero fields match everything.
type OrganisationFilter struct {
	Kind   OrganisationKind
	Status OrganisationStatus
	// Parent matches organisations answering to the organisation with this slug.
	Parent string
	// Area matches organisations covering the local authority with this slug.
	Area string
	// Name matches organisations whose name contains it, ignoring case.
	Name string
}

// OrganisationService manages the organisation directory. Every signed-in user may
// read it; only administrators may change it or read its history. Callers who may not
// get ENOTFOUND, callers who are not signed in EUNAUTHORISED.
type OrganisationService interface {
	// FindOrganisationBySlug returns the organisation or ENOTFOUND.
	FindOrganisationBySlug(ctx context.Context, slug string) (*Organisation, error)
	// FindOrganisationByID returns the organisation or ENOTFOUND.
	FindOrganisationByID(ctx context.Context, id string) (*Organisation, error)
	// FindOrganisations lists organisations matching the filter, by kind then name.
	FindOrganisations(ctx context.Context, f OrganisationFilter) ([]*Organisation, error)
	// CreateOrganisation adds an organisation and its first version; administrators
	// only. EINVALID on bad input, ECONFLICT when the slug is taken.
	CreateOrganisation(ctx context.Context, o *Organisation, reason string) error
	// AddMissingOrganisations creates, in order and in one transaction, each
	// organisation whose slug is not yet in the directory, and leaves the others
	// untouched; it returns how many it added. Administrators and the service itself.
	AddMissingOrganisations(ctx context.Context, orgs []*Organisation, reason string) (int, error)
	// UpdateOrganisation renames an organisation or changes its status, and returns it
	// as changed; administrators only. EINVALID on bad input, ECONFLICT when u.Version
	// is not the current version. Setting StatusMerged merges it as MergeOrganisation.
	UpdateOrganisation(ctx context.Context, slug string, u OrganisationUpdate) (*Organisation, error)
	// MergeOrganisation marks the organisation merged into another: the other takes on
	// its areas and the bodies that answered to it. Administrators only; errors as for
	// UpdateOrganisation.
	MergeOrganisation(ctx context.Context, slug, into string, version int, reason string) (*Organisation, error)
	// OrganisationHistory returns every version of the organisation, newest first;
	// administrators only.
	OrganisationHistory(ctx context.Context, slug string) ([]*OrganisationVersion, error)
}
