package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// startFunc handles a start element. It returns true when it consumed the element
// up to and including its end (with d.Skip or its own loop), so that endFunc is not
// called for it.
type startFunc func(d *xml.Decoder, e xml.StartElement) (consumed bool, err error)

// endFunc handles an end element.
type endFunc func(e xml.EndElement)

// partTooLarge is returned by walkXML for a part beyond MaxXMLPart.
type partTooLarge struct{ name string }

func (p partTooLarge) Error() string { return fmt.Sprintf("extract: part %s is too large", p.name) }

// errTextFull stops a walk once the text bound is reached.
var errTextFull = errors.New("extract: text bound reached")

// walkXML streams one XML part of a package through start, end and chars (which
// may be nil), checking the
// context every few thousand tokens. encoding/xml does not expand external or custom
// entities, so "billion laughs" documents cannot inflate here.
func walkXML(ctx context.Context, part *zip.File, out *textBuf, start startFunc, end endFunc, chars func([]byte)) error {
	if part.UncompressedSize64 > MaxXMLPart {
		return partTooLarge{part.Name}
	}
	rc, err := part.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, MaxXMLPart))
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if out.full {
			return errTextFull
		}
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if _, err := start(d, t); err != nil {
				return err
			}
		case xml.EndElement:
			end(t)
		case xml.CharData:
			if chars != nil {
				chars(t)
			}
		}
	}
}
