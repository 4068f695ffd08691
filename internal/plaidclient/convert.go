package plaidclient

import (
	"github.com/plaid/plaid-go/v43/plaid"
)

// This file maps the gateway's types to plaid-go's models and back. It is the only place that
// knows plaid-go's shapes, so a new major version of plaid-go changes this package alone.

func identityToPlaid(id *Identity) plaid.ClientUserIdentity {
	out := plaid.NewClientUserIdentity()
	if id.Name != nil {
		out.SetName(*plaid.NewClientUserIdentityName(id.Name.GivenName, id.Name.FamilyName))
	}
	if id.DateOfBirth != "" {
		out.SetDateOfBirth(id.DateOfBirth)
	}
	out.Emails = mapList(id.Emails, func(c Contact) plaid.ClientUserIdentityEmail {
		return *plaid.NewClientUserIdentityEmail(c.Data, c.Primary)
	})
	out.PhoneNumbers = mapList(id.PhoneNumbers, func(c Contact) plaid.ClientUserIdentityPhoneNumber {
		return *plaid.NewClientUserIdentityPhoneNumber(c.Data, c.Primary)
	})
	out.Addresses = mapList(id.Addresses, func(a Address) plaid.ClientUserIdentityAddress {
		p := plaid.NewClientUserIdentityAddress(a.Country, a.Primary)
		setOptional(&p.Street1, a.Street1)
		setOptional(&p.Street2, a.Street2)
		setOptional(&p.City, a.City)
		setOptional(&p.Region, a.Region)
		setOptional(&p.PostalCode, a.PostalCode)
		return *p
	})
	out.IdNumbers = mapList(id.IDNumbers, func(n IDNumber) plaid.UserIDNumber {
		return *plaid.NewUserIDNumber(n.Value, plaid.IDNumberType(n.Type))
	})
	return *out
}

func identityFromPlaid(p *plaid.ClientUserIdentity) *Identity {
	if p == nil {
		return nil
	}
	id := &Identity{
		DateOfBirth: p.GetDateOfBirth(),
		Emails: mapSlice(p.GetEmails(), func(e plaid.ClientUserIdentityEmail) Contact {
			return Contact{Data: e.Data, Primary: e.Primary}
		}),
		PhoneNumbers: mapSlice(p.GetPhoneNumbers(), func(n plaid.ClientUserIdentityPhoneNumber) Contact {
			return Contact{Data: n.Data, Primary: n.Primary}
		}),
		Addresses: mapSlice(p.GetAddresses(), func(a plaid.ClientUserIdentityAddress) Address {
			return Address{
				Street1: a.GetStreet1(), Street2: a.GetStreet2(), City: a.GetCity(), Region: a.GetRegion(),
				PostalCode: a.GetPostalCode(), Country: a.Country, Primary: a.Primary,
			}
		}),
		IDNumbers: mapSlice(p.GetIdNumbers(), func(n plaid.UserIDNumber) IDNumber {
			return IDNumber{Value: n.Value, Type: string(n.Type)}
		}),
	}
	if name, ok := p.GetNameOk(); ok && name != nil {
		id.Name = &Name{GivenName: name.GivenName, FamilyName: name.FamilyName}
	}
	return id
}

func legacyToPlaid(id *LegacyIdentity) plaid.ConsumerReportUserIdentity {
	var address plaid.AddressData
	if a := id.PrimaryAddress; a != nil {
		address = *plaid.NewAddressData(nullable(a.City), nullable(a.Region), a.Street, nullable(a.PostalCode), nullable(a.Country))
	}
	out := plaid.NewConsumerReportUserIdentity(id.FirstName, id.LastName, nonNil(id.PhoneNumbers), nonNil(id.Emails),
		nullable(id.DateOfBirth), address)
	setOptional(&out.SsnFull, id.SSNFull)
	setOptional(&out.SsnLast4, id.SSNLast4)
	return *out
}

func itemFromPlaid(item plaid.Item) Item {
	out := Item{
		ItemID:                item.ItemId,
		InstitutionID:         item.InstitutionId.Get(),
		InstitutionName:       item.InstitutionName.Get(),
		Webhook:               item.Webhook.Get(),
		AvailableProducts:     productNames(&item.AvailableProducts),
		BilledProducts:        productNames(&item.BilledProducts),
		Products:              productNames(item.Products),
		ConsentedProducts:     productNames(item.ConsentedProducts),
		ConsentExpirationTime: item.ConsentExpirationTime.Get(),
		UpdateType:            item.UpdateType,
	}
	if method := item.AuthMethod.Get(); method != nil {
		name := string(*method)
		out.AuthMethod = &name
	}
	if e := item.Error.Get(); e != nil {
		out.Error = &ItemError{
			ErrorType: string(e.ErrorType), ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage,
			DisplayMessage: e.DisplayMessage.Get(),
		}
	}
	return out
}

// productNames keeps a null list null and an empty one empty.
func productNames(products *[]plaid.Products) []string {
	if products == nil || *products == nil {
		return nil
	}
	names := make([]string, len(*products))
	for i, p := range *products {
		names[i] = string(p)
	}
	return names
}

// setOptional leaves a nullable Plaid field out of the request when the value is empty.
func setOptional(dst *plaid.NullableString, v string) {
	if v != "" {
		dst.Set(plaid.PtrString(v))
	}
}

// nullable is a string for a Plaid field that is required but nullable: null when empty.
func nullable(v string) plaid.NullableString {
	var out plaid.NullableString
	out.Set(nil)
	setOptional(&out, v)
	return out
}

// nonNil makes a required array go out as [] rather than null.
func nonNil(in []string) []string {
	if in == nil {
		return []string{}
	}
	return in
}

// mapList converts a list for a request: nil stays out of it, and an empty list is sent as [].
func mapList[M, P any](in []M, convert func(M) P) *[]P {
	if in == nil {
		return nil
	}
	out := mapSlice(in, convert)
	if out == nil {
		out = []P{}
	}
	return &out
}

// mapSlice converts every element; an empty or nil input gives nil.
func mapSlice[M, P any](in []M, convert func(M) P) []P {
	if len(in) == 0 {
		return nil
	}
	out := make([]P, len(in))
	for i, v := range in {
		out[i] = convert(v)
	}
	return out
}
