package extract_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/internal/extract"
)

// An upload is checked in two steps while it arrives, and its text is read later in
// a background job by the process's one Extractor.
func Example() {
	data, err := os.ReadFile("testdata/sample.docx")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	// During the upload: Detect on the first bytes, then Check on the whole file.
	head := data[:min(len(data), extract.HeadSize)]
	format, err := extract.Detect(head, "Learning review.docx")
	if err == nil {
		err = extract.Check(ctx, format, bytes.NewReader(data), int64(len(data)))
	}
	if err != nil {
		fmt.Println("refused:", scrutineer.ErrorMessage(err))
		return
	}

	// In the background job: the Extractor is created once at start and shared.
	// (Lazy here, as this example reads no PDF and need not start PDFium.)
	x, err := extract.New(extract.Options{Lazy: true})
	if err != nil {
		panic(err)
	}
	defer x.Close()
	ctx = extract.WithProgress(ctx, func(done, total int) { fmt.Printf("step %d of %d\n", done, total) })
	res, err := x.Text(ctx, format, bytes.NewReader(data), int64(len(data)))
	switch {
	case errors.Is(err, extract.ErrNoText):
		fmt.Println("text could not be extracted:", scrutineer.ErrorMessage(err))
	case scrutineer.ErrorCode(err) == scrutineer.EINVALID:
		fmt.Println("refused:", scrutineer.ErrorMessage(err))
	case err != nil:
		fmt.Println("retry later:", err)
	default:
		fmt.Printf("%s, %d pages, read by %s\n", format, res.Pages, res.Method)
	}
	// Output:
	// step 1 of 1
	// docx, 1 pages, read by docx
}

// Detect refuses a file whose name and content disagree, with a message for the
// uploader.
func ExampleDetect() {
	docx, err := os.ReadFile("testdata/sample.docx")
	if err != nil {
		panic(err)
	}
	_, err = extract.Detect(docx, "minutes.pdf")
	fmt.Println(scrutineer.ErrorCode(err))
	fmt.Println(scrutineer.ErrorMessage(err))
	// Output:
	// invalid
	// The file name ends in .pdf but the file is a Word document (.docx). Give it the .docx extension, or save it in the format its name says, and upload it again.
}
