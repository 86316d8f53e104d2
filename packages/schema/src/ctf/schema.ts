import * as z from 'zod/mini';
import { LearnerCoreSchema } from '../learner.js';

/**
 * An XML element kept as data: how CTF elements this library does not understand are held, so that nothing in
 * an imported file is lost and {@link toCtf} can write it out again. Plain JSON, safe to store.
 */
export interface CtfRawElement {
  name: string;
  attrs?: Record<string, string> | undefined;
  text?: string | undefined;
  children?: CtfRawElement[] | undefined;
}
// The one type here written out rather than inferred: TypeScript cannot write an inferred recursive type into a
// declaration file. It elided `children` to `any` objects in the published types, where a consumer's compile
// (with `skipLibCheck` off, the default) then failed on the XML reader's types. The annotation checks that what
// the schema gives fits this interface (a field the interface requires and the schema lacks fails to compile);
// a field added to the schema needs adding here too.
export const CtfRawElementSchema: z.ZodMiniType<CtfRawElement> = z.object({
  name: z.string(),
  attrs: z.optional(z.record(z.string(), z.string())),
  text: z.optional(z.string()),
  get children() {
    return z.optional(z.array(CtfRawElementSchema));
  },
});

/** Unknown elements keyed by their path inside the record (e.g. `BasicDetails/Religion`), in file order. */
export const CtfRawMapSchema = z.record(z.string(), z.array(CtfRawElementSchema));
export type CtfRawMap = z.infer<typeof CtfRawMapSchema>;

/** A school in the CTF header: LA code (3 digits, `XXX` when unknown), establishment number (4 digits, `XXXX`). */
export const CtfSchoolSchema = z.object({
  laCode: z.optional(z.string()),
  establishment: z.optional(z.string()),
  urn: z.optional(z.string()),
  schoolName: z.optional(z.string()),
  academicYear: z.optional(z.string()),
});
export type CtfSchool = z.infer<typeof CtfSchoolSchema>;

/** The CTF header. Every field is optional when reading, since real files vary. */
export const CtfHeaderSchema = z.object({
  documentName: z.optional(z.string()),
  version: z.optional(z.string()),
  dateTime: z.optional(z.string()),
  /** `full` or `partial`. */
  documentQualifier: z.optional(z.string()),
  dataDescriptor: z.optional(z.string()),
  supplierId: z.optional(z.string()),
  source: z.optional(CtfSchoolSchema),
  destination: z.optional(CtfSchoolSchema),
});
export type CtfHeader = z.infer<typeof CtfHeaderSchema>;

/** An address as CTF writes it: BS7666 parts or free lines, with postcode. */
export const CtfAddressSchema = z.object({
  saon: z.optional(z.string()),
  paon: z.optional(z.string()),
  street: z.optional(z.string()),
  locality: z.optional(z.string()),
  town: z.optional(z.string()),
  administrativeArea: z.optional(z.string()),
  postTown: z.optional(z.string()),
  uprn: z.optional(z.string()),
  lines: z.optional(z.array(z.string())),
  postcode: z.optional(z.string()),
  country: z.optional(z.string()),
  easting: z.optional(z.string()),
  northing: z.optional(z.string()),
});
export type CtfAddress = z.infer<typeof CtfAddressSchema>;

export const CtfPhoneSchema = z.object({ type: z.optional(z.string()), number: z.string() });
export type CtfPhone = z.infer<typeof CtfPhoneSchema>;

/** Details of the pupil record the learner core has no field for. */
export const CtfPupilDetailsSchema = z.object({
  uci: z.optional(z.string()),
  formerUpn: z.optional(z.string()),
  preferredSurname: z.optional(z.string()),
  formerSurname: z.optional(z.string()),
  formerForename: z.optional(z.string()),
  middleNames: z.optional(z.string()),
  /** As written in the file: E1, E2, N1, N2, R, 1 to 14, M or X. */
  ncYearActual: z.optional(z.string()),
  ethnicity: z.optional(z.string()),
  ethnicitySource: z.optional(z.string()),
  /** Languages by type (`F` first language, `H` home, `M` main) and DfE language code. */
  languages: z.optional(z.array(z.object({ type: z.optional(z.string()), code: z.string() }))),
  /** CTF records only that medical needs exist, never what they are. */
  medicalFlag: z.optional(z.boolean()),
  disabilities: z.optional(z.array(z.string())),
  enrolStatus: z.optional(z.string()),
  serviceChild: z.optional(z.string()),
  careAuthority: z.optional(z.string()),
  fsm: z.optional(
    z.object({
      reviewDate: z.optional(z.string()),
      instances: z.array(
        z.object({
          startDate: z.optional(z.string()),
          endDate: z.optional(z.string()),
          country: z.optional(z.string()),
        }),
      ),
    }),
  ),
  address: z.optional(CtfAddressSchema),
  phones: z.optional(z.array(CtfPhoneSchema)),
  email: z.optional(z.string()),
  schoolHistory: z.optional(
    z.array(
      z.object({
        laCode: z.optional(z.string()),
        establishment: z.optional(z.string()),
        urn: z.optional(z.string()),
        schoolName: z.optional(z.string()),
        entryDate: z.optional(z.string()),
        leavingDate: z.optional(z.string()),
        leavingReason: z.optional(z.string()),
      }),
    ),
  ),
});
export type CtfPupilDetails = z.infer<typeof CtfPupilDetailsSchema>;

/** SEN provision codes: N none, K SEN support, E education, health and care plan. */
export const CtfSenProvisionSchema = z.enum(['N', 'K', 'E']);

/** The SEN history as the file records it; the learner core's `senStatus` and `senNeeds` come from it. */
export const CtfSenSchema = z.object({
  history: z.array(z.object({ startDate: z.optional(z.string()), provision: z.string() })),
  needs: z.array(z.object({ rank: z.optional(z.number()), type: z.string() })),
});
export type CtfSen = z.infer<typeof CtfSenSchema>;

/** One year of attendance (`Attendance/YearData`), sessions being half days. */
export const CtfAttendanceYearSchema = z.object({
  year: z.optional(z.string()),
  laCode: z.optional(z.string()),
  establishment: z.optional(z.string()),
  sessionsPossible: z.optional(z.number()),
  sessionsAuthorised: z.optional(z.number()),
  sessionsAttended: z.optional(z.number()),
  sessionsUnauthorised: z.optional(z.number()),
  attendanceStartDate: z.optional(z.string()),
  attendanceMarks: z.optional(z.string()),
});
export type CtfAttendanceYear = z.infer<typeof CtfAttendanceYearSchema>;

/** One assessment result (`StageAssessments/KeyStage/StageAssessment`) with its key stage. */
export const CtfAssessmentSchema = z.object({
  stage: z.optional(z.string()),
  locale: z.optional(z.string()),
  year: z.optional(z.string()),
  subject: z.optional(z.string()),
  method: z.optional(z.string()),
  component: z.optional(z.string()),
  resultStatus: z.optional(z.string()),
  resultQualifier: z.optional(z.string()),
  result: z.optional(z.string()),
  resultDate: z.optional(z.string()),
});
export type CtfAssessment = z.infer<typeof CtfAssessmentSchema>;

/** A contact as CTF records it, with the parts the learner core's contact list folds together. */
export const CtfContactSchema = z.object({
  order: z.optional(z.number()),
  title: z.optional(z.string()),
  surname: z.optional(z.string()),
  forename: z.optional(z.string()),
  relationship: z.optional(z.string()),
  parentalResponsibility: z.optional(z.boolean()),
  phones: z.array(CtfPhoneSchema),
  email: z.optional(z.string()),
  addressAsPupil: z.optional(z.boolean()),
  address: z.optional(CtfAddressSchema),
});
export type CtfContact = z.infer<typeof CtfContactSchema>;

/** One pupil read from a CTF. */
export const CtfPupilSchema = z.object({
  /** The learner core fields the file carried, ready to prefill a handover. */
  learner: z.partial(LearnerCoreSchema),
  details: CtfPupilDetailsSchema,
  sen: z.optional(CtfSenSchema),
  attendance: z.array(CtfAttendanceYearSchema),
  assessments: z.array(CtfAssessmentSchema),
  contacts: z.array(CtfContactSchema),
  /** Paths (from the `Pupil` element) of elements this library did not understand; each is kept in `raw`. */
  unknown: z.array(z.string()),
  raw: CtfRawMapSchema,
});
export type CtfPupil = z.infer<typeof CtfPupilSchema>;

/** One problem found in a CTF, for the person importing it. `severity: 'warning'` still imports the data. */
export const CtfProblemSchema = z.object({
  /** Element path, e.g. `CTfile/CTFpupilData/Pupil[3]/DOB`. */
  path: z.string(),
  /** Stable code, e.g. `ctf_invalid_date`, `ctf_unknown_element`. */
  code: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type CtfProblem = z.infer<typeof CtfProblemSchema>;

/** The result of {@link parseCtf}. */
export const CtfFileSchema = z.object({
  header: CtfHeaderSchema,
  pupils: z.array(CtfPupilSchema),
  errors: z.array(CtfProblemSchema),
  /** Paths of unknown elements outside any pupil (in the header or the root); each is kept in `raw`. */
  unknown: z.array(z.string()),
  raw: CtfRawMapSchema,
});
export type CtfFile = z.infer<typeof CtfFileSchema>;

/** A pupil to write with {@link toCtf}: the learner core, plus anything else known from an earlier import. */
export const CtfPupilInputSchema = z.object({
  learner: z.partial(LearnerCoreSchema),
  details: z.optional(CtfPupilDetailsSchema),
  sen: z.optional(CtfSenSchema),
  attendance: z.optional(z.array(CtfAttendanceYearSchema)),
  assessments: z.optional(z.array(CtfAssessmentSchema)),
  contacts: z.optional(z.array(CtfContactSchema)),
  raw: z.optional(CtfRawMapSchema),
});
export type CtfPupilInput = z.infer<typeof CtfPupilInputSchema>;

/** What {@link toCtf} writes: a header and pupils. A {@link CtfFile} from {@link parseCtf} fits. */
export const CtfWriteInputSchema = z.object({
  header: CtfHeaderSchema,
  pupils: z.array(CtfPupilInputSchema),
  raw: z.optional(CtfRawMapSchema),
});
export type CtfWriteInput = z.infer<typeof CtfWriteInputSchema>;
