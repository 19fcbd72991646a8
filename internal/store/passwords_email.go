package store

import (
	"fmt"
	"time"

	"github.com/scrutineer/scrutineer"
)

// The emails of password resets and changes; see invitations_email.go for the style.

func passwordResetEmail(to, name, link string, expires time.Time) *scrutineer.Email {
	return &scrutineer.Email{
		To:      to,
		Subject: "Reset your Scrutineer password",
		Text: fmt.Sprintf("%s\n\nSomeone asked to reset the password of your Scrutineer account. To choose a new password, open this link:\n\n%s\n\n"+
			"The link works once and stops working at %s.\n\n"+
			"If you did not ask for this, you can ignore this email: your password has not changed. "+
			"If you get these emails often without asking, tell your Scrutineer administrator.\n\n"+
			"Scrutineer\n",
			greeting(name), link, emailTime(expires)),
	}
}

func passwordChangedEmail(to, name, forgotLink string, at time.Time) *scrutineer.Email {
	return &scrutineer.Email{
		To:      to,
		Subject: "Your Scrutineer password has been changed",
		Text: fmt.Sprintf("%s\n\nThe password of your Scrutineer account was changed at %s, and you were signed out everywhere else.\n\n"+
			"If you did not do this, reset your password straight away at %s and tell your Scrutineer administrator.\n\n"+
			"Scrutineer\n",
			greeting(name), emailTime(at), forgotLink),
	}
}
