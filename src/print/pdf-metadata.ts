/** Document metadata Chromium does not write (Author, Subject, Keywords, Creator, dates), set with pdf-lib; tags survive. */
import { PDFDocument, PDFName, PDFArray, PDFHexString } from "pdf-lib";

/** Metadata for one memo. */
export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  lang: string;
  /** Every timestamp in the file. */
  date: Date;
  /** Seeds the document ID, so that the same inputs give the same bytes. */
  id: string;
}

/** Sets `meta` on `pdf` and returns the new bytes and the page count. */
export async function setPdfMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(meta.lang);
  const catalog = doc.catalog;
  // Chromium's XMP stream carries its own timestamps; the Info dictionary above is the source of truth.
  catalog.delete(PDFName.of("Metadata"));
  const id = PDFArray.withContext(doc.context);
  id.push(PDFHexString.of(meta.id.slice(0, 32)));
  id.push(PDFHexString.of(meta.id.slice(0, 32)));
  doc.context.trailerInfo.ID = id;
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  return { bytes, pages: doc.getPageCount() };
}
