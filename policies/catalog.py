"""The 18 programs of the contract: names, departments and next steps."""

from __future__ import annotations

from dataclasses import dataclass

PROGRAM_IDS: tuple[str, ...] = (
    "dibao",
    "tekun",
    "low_income",
    "rigid_expenditure",
    "temporary",
    "medical",
    "education",
    "housing",
    "employment",
    "disaster",
    "disability_subsidies",
    "orphan_child",
    "vagrant",
    "worker_aid",
    "women_screening",
    "pension_subsidy",
    "care_service",
    "legal_aid",
)

# Department role key -> the bureau's short Chinese name (without the place).
DEPARTMENTS: dict[str, str] = {
    "civil_affairs": "民政局",
    "medical_security": "医保局",
    "education": "教育局",
    "housing": "住建局",
    "human_resources": "人社局",
    "emergency": "应急管理局",
    "disabled_federation": "残联",
    "trade_union": "总工会",
    "women_federation": "妇联",
    "justice": "司法局",
}

ID_CARD = "申请人身份证、户口簿（或居住证）"


@dataclass(frozen=True)
class Program:
    id: str
    name: str
    department: str  # role key of DEPARTMENTS
    next_steps: tuple[str, ...]


PROGRAMS: dict[str, Program] = {
    p.id: p
    for p in (
        Program(
            "dibao",
            "最低生活保障（低保）",
            "civil_affairs",
            (
                "向户籍地或居住地乡镇人民政府（街道办事处）社会救助窗口提出申请，也可由村（居）委会代为提出",
                f"携带{ID_CARD}、家庭成员收入证明、残疾人证或病历及医疗费票据",
                "签署家庭经济状况核对授权书，配合入户调查",
            ),
        ),
        Program(
            "tekun",
            "特困人员救助供养",
            "civil_affairs",
            (
                "向乡镇人民政府（街道办事处）提出申请",
                f"携带{ID_CARD}、残疾人证或劳动能力、生活自理能力相关材料",
                "可选择分散供养或入住供养服务机构（敬老院）集中供养",
            ),
        ),
        Program(
            "low_income",
            "低保边缘家庭（低收入家庭）认定",
            "civil_affairs",
            (
                "向乡镇人民政府（街道办事处）社会救助窗口申请低收入家庭认定",
                f"携带{ID_CARD}、家庭收入和财产情况说明",
            ),
        ),
        Program(
            "rigid_expenditure",
            "刚性支出困难家庭认定",
            "civil_affairs",
            (
                "向乡镇人民政府（街道办事处）社会救助窗口申请",
                f"携带{ID_CARD}、医疗费用票据及报销结算单、学费等支出凭证、上年度收入情况",
            ),
        ),
        Program(
            "temporary",
            "临时救助（急难型、支出型）",
            "civil_affairs",
            (
                "向急难发生地或户籍地乡镇人民政府（街道办事处）申请，情况紧急可先行救助、事后补办手续",
                f"携带{ID_CARD}、事故或疾病证明、费用票据等",
            ),
        ),
        Program(
            "medical",
            "医疗救助（含资助参保）",
            "medical_security",
            (
                "低保、特困等救助对象在定点医疗机构就医时“一站式”结算医疗救助",
                "其他困难患者向医疗保障部门或乡镇（街道）申请，携带身份证、病历、费用清单和报销结算单",
            ),
        ),
        Program(
            "education",
            "教育救助（学生资助）",
            "education",
            (
                "向学生就读学校的资助部门申请家庭经济困难学生认定",
                "携带低保证、特困证或残疾人证等困难证明、学生学籍信息",
            ),
        ),
        Program(
            "housing",
            "住房救助（公租房、租赁补贴、农村危房改造）",
            "housing",
            (
                "城镇家庭向街道或住房保障部门申请公租房或租赁补贴；农村家庭向乡镇申请危房改造",
                f"携带{ID_CARD}、住房情况证明、低保或低收入家庭证明",
            ),
        ),
        Program(
            "employment",
            "就业救助",
            "human_resources",
            (
                "到公共就业服务机构或乡镇（街道）劳动保障所办理就业困难人员认定和失业登记",
                "携带身份证、低保或低收入家庭证明",
            ),
        ),
        Program(
            "disaster",
            "受灾人员救助",
            "emergency",
            (
                "向所在村（居）委会或乡镇人民政府报告灾情，申请应急期或过渡期生活救助",
                "住房倒损的，申请倒损民房恢复重建补助",
            ),
        ),
        Program(
            "disability_subsidies",
            "困难残疾人生活补贴和重度残疾人护理补贴",
            "disabled_federation",
            (
                "向乡镇人民政府（街道办事处）或残联提出申请",
                "携带第二代残疾人证、身份证、户口簿，领取生活补贴的还需低保证明",
            ),
        ),
        Program(
            "orphan_child",
            "孤儿和事实无人抚养儿童保障",
            "civil_affairs",
            (
                "由儿童监护人向户籍地乡镇人民政府（街道办事处）申请，村（居）儿童主任可协助",
                "携带儿童户口簿、父母死亡或失踪、服刑、重残等证明材料",
            ),
        ),
        Program(
            "vagrant",
            "生活无着流浪乞讨人员救助",
            "civil_affairs",
            (
                "直接到当地救助管理站求助，或拨打110、12345请求护送",
                "如有身份证件请携带，没有也可先行救助",
            ),
        ),
        Program(
            "worker_aid",
            "困难职工帮扶",
            "trade_union",
            (
                "向所在单位工会或当地总工会申请困难职工建档",
                "携带身份证、劳动关系证明、家庭收入和困难情况证明",
            ),
        ),
        Program(
            "women_screening",
            "城镇低收入妇女“两癌”免费检查",
            "women_federation",
            ("向社区妇联或当地妇联报名，按通知到指定医疗机构检查", "携带身份证、低保证等困难证明"),
        ),
        Program(
            "pension_subsidy",
            "城乡居民基本养老保险代缴",
            "human_resources",
            (
                "参加城乡居民基本养老保险，由乡镇（街道）社保所核实代缴对象身份",
                "携带身份证、低保证、特困证或残疾人证",
            ),
        ),
        Program(
            "care_service",
            "访视照料和重度残疾人照护服务",
            "civil_affairs",
            (
                "向乡镇人民政府（街道办事处）或社区提出照料服务需求",
                "携带身份证、低保或特困证明、残疾人证或失能评估材料",
            ),
        ),
        Program(
            "legal_aid",
            "法律援助",
            "justice",
            (
                "向当地法律援助中心或拨打12348法律服务热线申请",
                "携带身份证、经济困难证明（低保证等）和案件相关材料",
            ),
        ),
    )
}

assert tuple(PROGRAMS) == PROGRAM_IDS
