import PDFDocument from 'pdfkit';
import { consignmentLine, type EmergencyPack } from './emergency-pack.js';

/**
 * The printable PDF of a road/ferry emergency pack (A4, Helvetica): the means of transport, the operator and, per
 * consignment, the reference Customs' emergency routine asks for. Rendered in memory with pdfkit; the plain-text
 * twin is `renderEmergencyText`. `info.CreationDate` is the pack's time, so the same pack gives the same PDF.
 */
export async function renderEmergencyPdf(pack: EmergencyPack): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: pack.title, Author: 'Tollkit', Subject: pack.subject, CreationDate: new Date(pack.createdAt), ModDate: new Date(pack.createdAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const m = pack.meansOfTransport;
  doc.font('Helvetica-Bold').fontSize(18).text('EMERGENCY PROCEDURE', { align: 'left' });
  doc.fontSize(12).text(pack.channel === 'desk' ? 'Report at the customs clearance desk' : `E-mail to ${pack.to}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(10)
    .text('The notification and disclosure data could not be submitted to Norwegian Customs (Digitoll). Per the emergency routine, this list gives, per consignment, the reference to the customs procedure the goods will follow after the border.');
  doc.moveDown();
  const row = (label: string, value: string) => {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  };
  row('Means of transport', `${m.identificationNumber} (type ${m.typeOfIdentification}, ${m.countryCode})${m.conveyanceReferenceNumber === undefined ? '' : `, flight/voyage ${m.conveyanceReferenceNumber}`}`);
  row('Operator', `${pack.operator.name}${pack.operator.contact === '' ? '' : `, ${pack.operator.contact}`}`);
  row('Carrier', `${pack.carrier.name} (${pack.carrier.identificationNumber})`);
  row('Customs office of first entry', pack.customsOffice);
  row('Scheduled arrival (UTC)', pack.scheduledArrival ?? 'unknown');
  if (pack.transportMrn !== undefined) row('Transport MRN', pack.transportMrn);
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(12).text(`Consignments (${pack.consignments.length})`);
  doc.font('Helvetica').fontSize(10);
  pack.consignments.forEach((c, i) => doc.text(consignmentLine(c, i), { indent: 10 }));
  doc.moveDown();
  if (pack.missingReferences > 0) doc.font('Helvetica-Bold').text(`${pack.missingReferences} consignment(s) have no reference: bring one for each before the border.`).font('Helvetica');
  doc.text('If TVINN is unavailable too, TVINN\'s own emergency procedure applies. If the data was already submitted and only the border systems fail (red light or no signal), contact Norwegian Customs with the identification of the means of transport and of the operator, and wait for instructions.');
  doc.moveDown().fontSize(8).fillColor('#555555').text(`Made by Tollkit at ${pack.createdAt}. Source: Norwegian Customs, "Emergency Routines in Digitoll".`);
  doc.end();
  return done;
}
