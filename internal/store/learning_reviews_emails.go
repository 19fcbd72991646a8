package store

import (
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
)

// The emails of the regulator's work and of messages. Each says what happened to
// which review (its reference) and links to the page; none carries the content of
// a review, a message or the observations, because email leaves the service.

// reviewReference is the reference people quote for a review: the first part of its id,
// as the review page's title shows it.
func reviewReference(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

func reviewLink(baseURL, id, suffix string) string {
	return baseURL + "/learning-reviews/" + id + suffix
}

func stepWords(st scrutineer.LearningReviewStatus) string {
	if st == scrutineer.ReviewOutcomeNotified {
		return "the outcome"
	}
	return "the decision"
}

func (s *ReviewRegulator) acknowledgementEmail(r *scrutineer.LearningReview, to, name string, at time.Time) *scrutineer.Email {
	return &scrutineer.Email{
		To:      to,
		Subject: "Learning review " + reviewReference(r.ID) + ": notification received",
		Text: fmt.Sprintf("%s\n\nThe regulator has received your notification of %s of learning review %s on %s.\n\n"+
			"You do not need to do anything now. We will contact you through the review's messages if we need more.\n\n"+
			"The review is here:\n\n%s\n\nScrutineer\n",
			greeting(name), stepWords(r.Status), reviewReference(r.ID), at.In(london).Format("2 January 2006"), reviewLink(s.baseURL, r.ID, "")),
	}
}

func (s *ReviewRegulator) assignedEmail(r *scrutineer.LearningReview, to, name string) *scrutineer.Email {
	return &scrutineer.Email{
		To:      to,
		Subject: "Learning review " + reviewReference(r.ID) + " is assigned to you",
		Text: fmt.Sprintf("%s\n\nLearning review %s has been assigned to you.\n\nOpen it here:\n\n%s\n\nScrutineer\n",
			greeting(name), reviewReference(r.ID), reviewLink(s.baseURL, r.ID, "")),
	}
}

func (s *ReviewRegulator) observationsEmail(r *scrutineer.LearningReview, to, name, what, suffix string) *scrutineer.Email {
	subjects := map[string]string{
		"submitted": "Observations on learning review " + reviewReference(r.ID) + " are ready for sign-off",
		"returned":  "Observations on learning review " + reviewReference(r.ID) + " have been returned to you",
		"issued":    "The regulator's observations on learning review " + reviewReference(r.ID),
	}
	bodies := map[string]string{
		"submitted": "Observations on learning review %s have been submitted for sign-off.",
		"returned":  "A manager has returned the observations on learning review %s with a comment.",
		"issued":    "The regulator has issued its observations on learning review %s to the chief officers group and the committee.",
	}
	return &scrutineer.Email{
		To:      to,
		Subject: subjects[what],
		Text: fmt.Sprintf("%s\n\n"+bodies[what]+"\n\nRead them here (you will need to sign in):\n\n%s\n\nScrutineer\n",
			greeting(name), reviewReference(r.ID), reviewLink(s.baseURL, r.ID, suffix)),
	}
}

func messageEmail(baseURL string, r *scrutineer.LearningReview, to, name string, fromRegulator bool) *scrutineer.Email {
	who := "the committee"
	if fromRegulator {
		who = "the regulator"
	}
	return &scrutineer.Email{
		To:      to,
		Subject: "New message about learning review " + reviewReference(r.ID),
		Text: fmt.Sprintf("%s\n\nThere is a new message from %s about learning review %s.\n\nRead it and reply here (you will need to sign in):\n\n%s\n\nScrutineer\n",
			greeting(name), who, reviewReference(r.ID), reviewLink(baseURL, r.ID, "#messages")),
	}
}
