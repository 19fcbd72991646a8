// Package directory holds the reference organisation directory: the regulator, the
// 32 Scottish local authorities, community justice partnerships, child, adult and
// public protection committees, chief officers groups, partner scrutiny bodies and
// health boards. These are public facts, kept in organisations.csv and embedded into
// the binary; Sync adds any that are missing each time the service starts.
package directory

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

//go:embed organisations.csv
var data []byte

// Reason is recorded in each organisation's history as why Sync added it.
const Reason = "Added from the reference directory of public bodies"

// Adder adds the organisations whose slugs are not yet in the directory.
// scrutineer.OrganisationService is one.
type Adder interface {
	AddMissingOrganisations(ctx context.Context, orgs []*scrutineer.Organisation, reason string) (int, error)
}

// Sync adds every reference organisation whose slug is not yet in the directory and
// returns how many it added. It never changes an organisation that exists, so
// renames, merges and closures made by administrators survive every restart; running
// it again adds nothing. It acts as the service itself (auth.SystemContext), so call
// it only at start, never from a request.
func Sync(ctx context.Context, svc Adder) (int, error) {
	orgs, err := Organisations()
	if err != nil {
		return 0, err
	}
	n, err := svc.AddMissingOrganisations(auth.SystemContext(ctx), orgs, Reason)
	if err != nil {
		return 0, fmt.Errorf("organisation directory: %w", err)
	}
	return n, nil
}

var header = []string{"slug", "kind", "name", "parent", "areas"}

// Organisations returns the reference organisations in the order of the data file,
// in which every organisation comes after those it refers to. It checks the file:
// known kinds, unique slugs and names, parents that are chief officers groups and
// areas that are local authorities, all defined above the row that names them.
func Organisations() ([]*scrutineer.Organisation, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = len(header)
	first, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("organisations.csv: %w", err)
	}
	if strings.Join(first, ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("organisations.csv: header is %q, want %q", first, header)
	}
	var list []*scrutineer.Organisation
	kinds := map[string]scrutineer.OrganisationKind{}
	names := map[string]bool{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("organisations.csv: %w", err)
		}
		line, _ := r.FieldPos(0)
		o, err := parse(rec, kinds)
		if err == nil && names[strings.ToLower(o.Name)] {
			err = fmt.Errorf("name %q is used twice", o.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("organisations.csv line %d: %w", line, err)
		}
		kinds[o.Slug], names[strings.ToLower(o.Name)] = o.Kind, true
		list = append(list, o)
	}
	return list, nil
}

// parse reads one row; kinds holds the slugs and kinds of the rows above it.
func parse(rec []string, kinds map[string]scrutineer.OrganisationKind) (*scrutineer.Organisation, error) {
	o := &scrutineer.Organisation{Slug: rec[0], Kind: scrutineer.OrganisationKind(rec[1]), Name: rec[2]}
	o.Normalise()
	if o.Slug != rec[0] || o.Name != rec[2] {
		return nil, fmt.Errorf("slug or name %q has stray spaces or capitals", rec[0])
	}
	if _, dup := kinds[o.Slug]; dup {
		return nil, fmt.Errorf("slug %q is used twice", o.Slug)
	}
	if parent := strings.TrimSpace(rec[3]); parent != "" {
		if kinds[parent] != scrutineer.KindChiefOfficersGroup {
			return nil, fmt.Errorf("%s: parent %q is not a chief officers group defined above", o.Slug, parent)
		}
		o.Parent = &scrutineer.OrganisationRef{Slug: parent}
	}
	for _, a := range strings.Fields(rec[4]) {
		if kinds[a] != scrutineer.KindLocalAuthority {
			return nil, fmt.Errorf("%s: area %q is not a local authority defined above", o.Slug, a)
		}
		o.Areas = append(o.Areas, scrutineer.OrganisationRef{Slug: a})
	}
	var p scrutineer.Problems
	o.Validate(&p)
	if err := p.Err("invalid"); err != nil {
		return nil, fmt.Errorf("%s: %w", o.Slug, err)
	}
	return o, nil
}
