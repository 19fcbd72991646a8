package generate

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/scrutineer/scrutineer"
)

// planReview plans review i of committee cm, in state target when target is not "".
// It walks the lifecycle with CheckMove, setting each field on the date the real
// service would, so dates only ever go forward: incident, referral, decision,
// completion, ratification, outcome.
func planReview(run *Run, i int, cm Committee, target scrutineer.LearningReviewStatus) (*Review, error) {
	rnd := rand.New(rand.NewPCG(run.Config.Seed, uint64(i)|1<<40))
	today, st := run.Config.Today, run.Staff
	adult := cm.Kind == scrutineer.KindAdultProtectionCommittee || (cm.Kind == scrutineer.KindPublicProtectionCommittee && rnd.IntN(2) == 0)
	decision := decisionFor(rnd, target)
	referral, created, steps := schedule(rnd, today, run.Config.Size.Years, decision, target)
	officer := st.Officers[cm.ID]
	createdAt := at(rnd, created, today)
	r := &scrutineer.LearningReview{ID: newID(rnd, createdAt), CommitteeID: cm.ID, Status: scrutineer.ReviewDraft,
		SubjectType: "child", CreatedBy: officer, CreatedAt: createdAt, UpdatedAt: createdAt, Version: 1}
	if adult {
		r.SubjectType = "adult"
	}
	rv := &Review{R: r, Committee: cm, Subject: subjectLetter(i, adult), rnd: rnd}
	rv.event("", scrutineer.ReviewDraft, officer, createdAt)
	characterise(rnd, r, referral)
	if len(steps) == 0 {
		// A draft: some answers not given yet, and none dated after today.
		if r.InfoReturnedOn > ymd(today) {
			r.InfoReturnedOn = ""
		}
		if r.InfoRequestedOn > ymd(today) {
			r.InfoRequestedOn = ""
		}
		if rnd.IntN(2) == 0 {
			r.IncidentOn, r.Ethnicity, r.LegalStatus = "", "", ""
		}
		if err := r.ValidateDraft(today); err != nil {
			return nil, err
		}
		return rv, nil
	}
	for _, s := range steps {
		on := at(rnd, s.on, today)
		if err := rv.arrive(run, s, on, decision); err != nil {
			return nil, err
		}
		party, err := checkWalk(r, s.to)
		if err != nil {
			return nil, err
		}
		actor := officer
		if party == scrutineer.ByRegulator {
			actor = r.AssigneeID
		}
		r.Status, r.UpdatedAt = s.to, on
		r.Version++
		rv.event(steps[0].to, s.to, actor, on)
	}
	rv.follow(run)
	return rv, nil
}

// event records a status change; from is fixed up from the history.
func (rv *Review) event(_, to scrutineer.LearningReviewStatus, actor string, on time.Time) {
	from := scrutineer.LearningReviewStatus("")
	if n := len(rv.R.History); n > 0 {
		from = rv.R.History[n-1].ToStatus
	}
	rv.R.History = append(rv.R.History, scrutineer.LearningReviewEvent{FromStatus: from, ToStatus: to, ActorID: actor, At: on})
	rv.EventIDs = append(rv.EventIDs, newID(rv.rnd, on))
}

// characterise fills the notification's coded answers.
func characterise(r *rand.Rand, lr *scrutineer.LearningReview, referral time.Time) {
	lr.AgeBand = pick(r, scrutineer.AgeBandsFor(lr.SubjectType))
	lr.Sex = pick(r, []string{"female", "male", "female", "male", "not_known"})
	switch x := r.IntN(100); {
	case x < 30:
		lr.EventType = "death"
	case x < 70:
		lr.EventType = "significant_harm"
	case x < 94:
		lr.EventType = "risk_of_significant_harm"
	default:
		lr.EventType = "effective_practice"
	}
	lr.ReferralOn = ymd(referral)
	lr.IncidentOn = ymd(referral.AddDate(0, 0, -r.IntN(46)))
	lr.Disability = pick(r, scrutineer.DisabilityCodes.Values())
	lr.Ethnicity = pick(r, []string{"white_scottish", "white_scottish", "white_scottish", "white_other_british", "white_other", "mixed", "asian", "african", "not_known"})
	lr.LegalStatus = pick(r, scrutineer.LegalStatusCodes.Values())
	lr.ProtectionStatus = pick(r, scrutineer.ProtectionStatusesFor(lr.SubjectType).Values())
	lr.HarmNature = pick(r, scrutineer.HarmNatureCodes.Values())
	switch {
	case lr.SubjectType == "adult":
		lr.CriteriaSet = "adult_2022"
	case lr.ReferralOn < "2024-06-01":
		lr.CriteriaSet = "child_2021"
	default:
		lr.CriteriaSet = "child_2024"
	}
	set := scrutineer.FindCriteriaSet(lr.CriteriaSet).Criteria.Values()
	if lr.EventType == "effective_practice" {
		lr.Criteria = []string{"effective_practice"}
	} else {
		set = slices.DeleteFunc(slices.Clone(set), func(c string) bool { return c == "effective_practice" })
		for _, k := range r.Perm(len(set))[:1+r.IntN(2)] {
			lr.Criteria = append(lr.Criteria, set[k])
		}
		slices.Sort(lr.Criteria)
	}
	lr.ParallelProcesses = []string{scrutineer.NoneAnswer}
	if r.IntN(3) == 0 {
		lr.ParallelProcesses = []string{pick(r, scrutineer.ParallelProcessCodes.Values())}
	}
	lr.InfoRequestedOn = ymd(referral.AddDate(0, 0, 1+r.IntN(5)))
	lr.InfoReturnedOn = ymd(parse(lr.InfoRequestedOn).AddDate(0, 0, 3+r.IntN(6)))
}

// arrive sets what the review holds once it reaches s.to on on.
func (rv *Review) arrive(run *Run, s step, on time.Time, decision string) error {
	r, rnd, today := rv.R, rv.rnd, run.Config.Today
	switch s.to {
	case scrutineer.ReviewDecisionNotified:
		in := scrutineer.ReviewDecisionInput{Decision: decision, DecidedOn: ymd(s.on.AddDate(0, 0, -rnd.IntN(4))), Reasons: reasons(rnd, decision)}
		if in.DecidedOn < r.InfoReturnedOn {
			r.InfoReturnedOn = in.DecidedOn
		}
		if r.InfoRequestedOn > r.InfoReturnedOn {
			r.InfoRequestedOn = r.InfoReturnedOn
		}
		if r.ReferralOn > r.InfoRequestedOn {
			r.InfoRequestedOn, r.InfoReturnedOn = "", ""
		}
		if decision != "no_review" {
			r.PlannedMethod = pick(rnd, scrutineer.MethodCodes.Values())
		}
		if err := r.ValidateDecision(in, today); err != nil {
			return err
		}
		r.Decision, r.DecidedOn, r.Reasons, r.NotifiedOn = in.Decision, in.DecidedOn, in.Reasons, ymd(s.on)
		// The regulator acknowledges and assigns an inspector within days, unless
		// that is still to come.
		if ack := at(rnd, s.on.AddDate(0, 0, 1+rnd.IntN(6)), today); !ack.After(today) && rnd.IntN(10) > 0 {
			r.AcknowledgedAt, r.AssigneeID = ack, pick(rnd, run.Staff.Inspectors)
		}
	case scrutineer.ReviewInProgress:
		r.ExpectedCompletionOn = ymd(s.on.AddDate(0, 0, 180+rnd.IntN(120)))
		if rnd.IntN(8) == 0 {
			r.PausedFor = pick(rnd, scrutineer.PausedForCodes.Values())
		}
	case scrutineer.ReviewCompleted:
		r.CompletedOn, r.PausedFor = ymd(s.on), ""
	case scrutineer.ReviewOutcomeNotified:
		if r.CompletedOn == "" {
			r.CompletedOn = ymd(s.on.AddDate(0, 0, -14-rnd.IntN(30)))
			if r.CompletedOn < r.DecidedOn {
				r.CompletedOn = r.DecidedOn
			}
		}
		r.RatifiedOn = ymd(between(rnd, parse(r.CompletedOn), s.on))
		r.OutcomeOn, r.PausedFor = ymd(s.on), ""
		r.Methodology = pick(rnd, methodologies)
		r.FamilyInvolvement = pick(rnd, scrutineer.InvolvementCodes.Values())
		r.StaffInvolvement = pick(rnd, []string{"involved", "involved", "involved", "not_involved"})
		r.Publication = pick(rnd, scrutineer.PublicationCodes.Values())
		if decision == "full_review" && parse(r.CompletedOn).After(parse(r.ExpectedCompletionOn)) && r.ExpectedCompletionOn != "" {
			r.DelayReasons = pick(rnd, delays)
		}
	case scrutineer.ReviewClosed:
		r.ClosedOn = ymd(s.on)
	}
	if (s.to == scrutineer.ReviewUnderAppraisal || s.to == scrutineer.ReviewClosed) && r.AssigneeID == "" {
		// A regulator's move needs the inspector assigned first.
		r.AcknowledgedAt, r.AssigneeID = on.Add(-time.Hour), pick(rnd, run.Staff.Inspectors)
	}
	return nil
}
