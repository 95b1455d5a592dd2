// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF, ';' or ',' (spreadsheets in
// pt-BR export ';'). Each record keeps the line it started on, for error reports.

export interface CsvRecord {
  line: number;
  fields: string[];
}

export function detectDelimiter(headerLine: string): ";" | "," {
  return headerLine.split(";").length >= headerLine.split(",").length ? ";" : ",";
}

export function parseCsv(text: string, delimiter?: ";" | ","): CsvRecord[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = delimiter ?? detectDelimiter(body.split(/\r?\n/, 1)[0] ?? "");
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]?.trim() === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < body.length) {
    const c = body[i] as string;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === sep) {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      endRecord();
      if (c === "\r" && body[i + 1] === "\n") i++;
      line++;
      recordLine = line;
    } else field += c;
    i++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
