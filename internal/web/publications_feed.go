package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
)

// feedEntries is how many of the latest publications the feed holds.
const feedEntries = 20

// atomFeed is an Atom 1.0 feed (RFC 4287): the elements it requires (id, title,
// updated; an author for every entry) and the links readers use.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Link      atomLink   `xml:"link"`
	Summary   string     `xml:"summary"`
	Category  atomCateg  `xml:"category"`
	Author    atomPerson `xml:"author"`
}

type atomCateg struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

// feedAuthor is who publishes; the regulator is the author of every publication.
const feedAuthor = "The regulator"

func (s *Server) publicationFeed(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.publications()
	if err != nil {
		return err
	}
	list, err := svc.FindPublished(r.Context(), scrutineer.PublicationFilter{Limit: feedEntries})
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	feed := atomFeed{Lang: "en-GB", ID: base + "/publications", Title: "Publications", Author: atomPerson{feedAuthor},
		Updated: atomDate("2000-01-01"),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/publications/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/publications"}}}
	for i, p := range list.Items {
		if i == 0 {
			feed.Updated = atomDate(p.PublishedOn)
		}
		href := base + "/publications/" + p.Slug
		feed.Entries = append(feed.Entries, atomEntry{ID: href, Title: p.Title, Updated: atomDate(p.PublishedOn), Published: atomDate(p.PublishedOn),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: href}, Summary: p.Summary,
			Category: atomCateg{Term: string(p.Type), Label: p.Type.Label()}, Author: atomPerson{feedAuthor}})
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write([]byte(xml.Header))
	_, err = w.Write(out)
	return err
}

// atomDate is a YYYY-MM-DD date as an RFC 3339 instant (midnight UTC).
func atomDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return "2000-01-01T00:00:00Z"
	}
	return t.Format(time.RFC3339)
}

// baseURL is the configured public address, or the request's scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.BaseURL != "" {
		return strings.TrimRight(s.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || s.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
