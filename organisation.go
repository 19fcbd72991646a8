package scrutineer

import (
	"context"
	"time"
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

// Organisation is one body in the directory. Slug is stable for its whole life, even
// when the body is renamed or merged.
type Organisation struct {
	ID        string
	Slug      string
	Name      string
	Kind      OrganisationKind
	Status    string // "active", "merged" or "closed"
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OrganisationFilter narrows a search of the directory. Zero fields match everything.
type OrganisationFilter struct {
	Kind   OrganisationKind
	Status string
}

// OrganisationService manages the organisation directory.
type OrganisationService interface {
	// FindOrganisationBySlug returns the organisation or ENOTFOUND.
	FindOrganisationBySlug(ctx context.Context, slug string) (*Organisation, error)
	// FindOrganisations lists organisations matching the filter, by kind then name.
	FindOrganisations(ctx context.Context, f OrganisationFilter) ([]*Organisation, error)
}
