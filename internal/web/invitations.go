package web

import (
	"net/http"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/auth"
)

// invitationRoutes are the public pages of an invitation link and the
// administrators' list of invitations with its resend and withdraw buttons.
func (s *Server) invitationRoutes() []route {
	manage := Requires(auth.ManageUsers)
	return []route{
		{"GET /invitations/accepted", s.invitationAccepted, Public},
		{"GET /invitations/{token}", s.invitationForm, Public},
		{"POST /invitations/{token}", s.invitationAccept, Public},
		{"GET /admin/invitations", s.invitationList, manage},
		{"POST /admin/invitations/{id}/resend", s.invitationResend, manage},
		{"POST /admin/invitations/{id}/withdraw", s.invitationWithdraw, manage},
	}
}

// acceptFields are the accept form's fields in order.
var acceptFields = []string{"name", "password"}

type acceptData struct {
	Token string
	Inv   *scrutineer.Invitation
	// Problem explains why a link no longer works.
	Problem string
}

// invitationByLink returns the pending invitation of the link, or writes the page
// that says why it cannot be used and returns nil.
func (s *Server) invitationByLink(w http.ResponseWriter, r *http.Request) (*scrutineer.Invitation, error) {
	inv, err := s.Invitations.FindInvitationByToken(r.Context(), r.PathValue("token"))
	switch {
	case scrutineer.ErrorCode(err) == scrutineer.ENOTFOUND:
		s.invitationGone(w, r, "This link is not right. Check you copied the whole link from the email, or ask the person who invited you to send a new one.")
		return nil, nil
	case err != nil:
		return nil, err
	case inv.Status == scrutineer.InvitationAccepted:
		s.invitationGone(w, r, "This invitation has already been used. Sign in with your email address and the password you chose.")
		return nil, nil
	case inv.Status == scrutineer.InvitationExpired:
		s.invitationGone(w, r, "This invitation has expired. Ask the person who invited you to send a new one.")
		return nil, nil
	case inv.Status != scrutineer.InvitationPending:
		s.invitationGone(w, r, "This invitation is no longer valid. Ask the person who invited you if you still need an account.")
		return nil, nil
	}
	return inv, nil
}

// invitationGone answers a link that cannot be used. NOTE: 410, not 404: the page
// tells a person what to do next.
func (s *Server) invitationGone(w http.ResponseWriter, r *http.Request, problem string) {
	d := s.page(r, "This invitation cannot be used")
	d.Data = acceptData{Problem: problem}
	s.render(w, r, http.StatusGone, "invitation-invalid", d)
}

func (s *Server) invitationForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	linkPage(w)
	inv, err := s.invitationByLink(w, r)
	if inv == nil {
		return err
	}
	d := s.page(r, "Set up your account")
	d.Form = map[string]string{"name": inv.Name}
	d.Data = acceptData{Token: r.PathValue("token"), Inv: inv}
	s.render(w, r, http.StatusOK, "invitation", d)
	return nil
}

func (s *Server) invitationAccept(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	linkPage(w)
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	inv, err := s.invitationByLink(w, r)
	if inv == nil {
		return err
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	err = s.Invitations.AcceptInvitation(r.Context(), r.PathValue("token"), name, r.PostForm.Get("password"))
	switch scrutineer.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/invitations/accepted", http.StatusSeeOther)
		return nil
	case scrutineer.EINVALID:
		d := s.page(r, "Error: Set up your account").withErrors(err, acceptFields...)
		d.Form = map[string]string{"name": name}
		d.Data = acceptData{Token: r.PathValue("token"), Inv: inv}
		s.render(w, r, http.StatusUnprocessableEntity, "invitation", d)
		return nil
	case scrutineer.ECONFLICT:
		s.invitationGone(w, r, scrutineer.ErrorMessage(err))
		return nil
	}
	return err
}

func (s *Server) invitationAccepted(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "invitation-accepted", s.page(r, "Your account is ready"))
	return nil
}

// invitationRow is one invitation as the lists show it.
type invitationRow struct {
	*scrutineer.Invitation
	TagColour  string
	Actionable bool // waiting or expired: it can be resent or withdrawn
}

var invitationTagColours = map[scrutineer.InvitationStatus]string{
	scrutineer.InvitationPending:   "blue",
	scrutineer.InvitationAccepted:  "green",
	scrutineer.InvitationExpired:   "orange",
	scrutineer.InvitationWithdrawn: "grey",
}

func invitationRows(list []*scrutineer.Invitation) []invitationRow {
	rows := make([]invitationRow, len(list))
	for i, inv := range list {
		rows[i] = invitationRow{Invitation: inv, TagColour: invitationTagColours[inv.Status],
			Actionable: inv.Status == scrutineer.InvitationPending || inv.Status == scrutineer.InvitationExpired}
	}
	return rows
}

type invitationListData struct {
	Statuses []fieldOption
	Status   scrutineer.InvitationStatus
	Rows     []invitationRow
	Pager    pager
}

func (s *Server) invitationList(w http.ResponseWriter, r *http.Request) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	q := r.URL.Query()
	status := scrutineer.InvitationStatus(q.Get("status"))
	if !status.Valid() {
		status = ""
	}
	page := pageNumber(r)
	list, err := s.Invitations.FindInvitations(r.Context(), scrutineer.InvitationFilter{Status: status, Limit: userPageSize + 1, Offset: (page - 1) * userPageSize})
	if err != nil {
		return err
	}
	more := len(list) > userPageSize
	if more {
		list = list[:userPageSize]
	}
	data := invitationListData{
		Status:   status,
		Statuses: []fieldOption{{Value: "", Label: "Any status", Selected: status == ""}},
		Rows:     invitationRows(list),
		Pager:    newPager("/admin/invitations", q, page, more).named("Pages of invitations", "Newer invitations", "Older invitations"),
	}
	for _, st := range scrutineer.InvitationStatuses {
		data.Statuses = append(data.Statuses, fieldOption{Value: string(st), Label: st.Label(), Selected: st == status})
	}
	d := s.page(r, "Invitations")
	d.Flash = userFlashes[q.Get("done")]
	d.Data = data
	s.render(w, r, http.StatusOK, "invitations", d)
	return nil
}

// invitationAction resends or withdraws an invitation, then goes back to the page
// the button was on: the person's page when the form names them, else the list.
func (s *Server) invitationAction(w http.ResponseWriter, r *http.Request, resend bool) error {
	if err := s.accountsReady(); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return scrutineer.Errorf(scrutineer.EINVALID, "The form could not be read. Try again.")
	}
	id := r.PathValue("id")
	var err error
	done := "resent"
	if resend {
		_, _, err = s.Invitations.ResendInvitation(r.Context(), id)
	} else {
		done, err = "withdrawn", s.Invitations.WithdrawInvitation(r.Context(), id)
	}
	if err != nil {
		return err
	}
	back := "/admin/invitations"
	if user := r.PostForm.Get("user"); user != "" {
		back = userPath(user)
	}
	http.Redirect(w, r, back+"?done="+done, http.StatusSeeOther)
	return nil
}

func (s *Server) invitationResend(w http.ResponseWriter, r *http.Request) error {
	return s.invitationAction(w, r, true)
}

func (s *Server) invitationWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.invitationAction(w, r, false)
}
